output "sns_topic_arn" {
  description = "ARN of the topic the alarms notify (created here or given), or null when none."
  value       = one(local.alarm_actions)
}

output "alarm_names" {
  description = "Names of every alarm, by kind (lambda_errors, lambda_throttles, iterator_age, queue_messages_visible, http_api_5xx) and wiring name."
  value = {
    lambda_errors          = { for name, alarm in aws_cloudwatch_metric_alarm.lambda_errors : name => alarm.alarm_name }
    lambda_throttles       = { for name, alarm in aws_cloudwatch_metric_alarm.lambda_throttles : name => alarm.alarm_name }
    iterator_age           = { for name, alarm in aws_cloudwatch_metric_alarm.iterator_age : name => alarm.alarm_name }
    queue_messages_visible = { for name, alarm in aws_cloudwatch_metric_alarm.queue_messages_visible : name => alarm.alarm_name }
    http_api_5xx           = { for alarm in aws_cloudwatch_metric_alarm.http_api_5xx : "http-api" => alarm.alarm_name }
  }
}
