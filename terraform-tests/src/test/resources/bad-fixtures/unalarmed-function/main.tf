# Breaks "every function has Errors and Throttles alarms": the Errors alarm covers a hand-picked
# function, and there is no Throttles alarm.
module "alarms" {
  source = "./modules/alarms"

  functions = { "notes-api" = "dev-notes-api" }
}
