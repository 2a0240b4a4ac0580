# Breaks "alarms watch metrics as AWS documents them": a dimension Lambda never publishes (Function, not
# FunctionName), IteratorAge summed over the period (meaningless: its page says Maximum or Average), a
# hard-coded threshold and period, and missing data left to the default.
variable "functions" {
  description = "Function names by wiring name."
  type        = map(string)
}

variable "errors" {
  description = "Errors alarm settings."
  type = object({
    threshold          = number
    period_seconds     = number
    evaluation_periods = number
  })
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each = var.functions

  alarm_name          = "${each.value}-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { Function = each.value }
  statistic           = "Sum"
  period              = var.errors.period_seconds
  evaluation_periods  = var.errors.evaluation_periods
  threshold           = var.errors.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "iterator_age" {
  for_each = var.functions

  alarm_name          = "${each.value}-iterator-age"
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = var.errors.evaluation_periods
  threshold           = 60000
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
