variable "create_sns_topic" {
  description = "Create the topic."
  type        = bool
}

variable "sns_topic_arn" {
  description = "Existing topic."
  type        = string
  default     = null
}

locals {
  alarm_actions = var.create_sns_topic ? [aws_sns_topic.this[0].arn] : (var.sns_topic_arn == null ? [] : [var.sns_topic_arn])
}

resource "aws_sns_topic" "this" {
  count = var.create_sns_topic ? 1 : 0
  name  = "alarms"
}

resource "aws_cloudwatch_metric_alarm" "silent" {
  alarm_name          = "silent"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

resource "aws_cloudwatch_metric_alarm" "told_nobody" {
  alarm_name          = "told-nobody"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = []
  ok_actions          = local.alarm_actions
}
