variable "queues" {
  description = "Queue names by wiring name."
  type        = map(string)
}

variable "threshold" {
  description = "Threshold."
  type        = number
}

resource "aws_cloudwatch_metric_alarm" "queue_messages_visible" {
  for_each = var.queues

  alarm_name          = "${each.value}-messages-visible"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = var.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

# One alarm for one queue, whatever the wiring says.
resource "aws_cloudwatch_metric_alarm" "one_queue" {
  alarm_name          = "store-orders-echo-dlq-messages-visible"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = "dev-store-orders-echo-dlq" }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = var.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
