# Breaks "alarms notify the SNS topic when one is configured": one alarm has no actions at all, one
# tells nobody when it fires (a literal empty list), and the root never passes the topic ARN on, so a
# topic the user configures is never told.
variable "create_alarm_topic" {
  description = "Create the topic."
  type        = bool
  default     = false
}

variable "alarm_topic_arn" {
  description = "Topic ARN."
  type        = string
  default     = null
}

module "alarms" {
  source = "./modules/alarms"

  create_sns_topic = var.create_alarm_topic
}
