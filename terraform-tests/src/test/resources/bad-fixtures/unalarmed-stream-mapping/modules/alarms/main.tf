variable "functions" {
  description = "Function names by wiring name."
  type        = map(string)
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = var.functions

  alarm_name          = "${each.value}-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
