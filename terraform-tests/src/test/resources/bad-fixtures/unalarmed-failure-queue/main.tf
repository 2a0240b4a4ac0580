# Breaks "every dead-letter and on-failure queue is alarmed": the queues are listed by hand instead of
# being derived from the wiring's deadLetterQueue and onFailureQueue fields, so the next one added to
# wiring.json gets no alarm.
locals {
  wiring = jsondecode(file("${path.module}/wiring.json"))
}

module "alarms" {
  source = "./modules/alarms"

  queues = { "word-count-dlq" = "dev-word-count-dlq" }
}
