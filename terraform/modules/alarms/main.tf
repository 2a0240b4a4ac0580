# CloudWatch alarms on the signals that say a pipeline is failing or falling behind, one per resource:
#   - Lambda Errors and Throttles on every function;
#   - Lambda IteratorAge on every function a stream (DynamoDB or Kinesis) mapping feeds;
#   - SQS ApproximateNumberOfMessagesVisible on every dead-letter and on-failure queue;
#   - API Gateway 5xx on the HTTP API.
# Each alarm notifies the SNS topic, when there is one: created here, or an existing one by ARN.
#
# Metric names, namespaces and dimensions are exactly as AWS documents them:
#   Lambda:      https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
#                (dimensions: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-view.html)
#   SQS:         https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
#   HTTP API:    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
#   Alarms:      https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
#
# Every alarm treats missing data as not breaching: Lambda and API Gateway send no data point for a
# period without traffic, and an idle pipeline is a healthy one.

locals {
  alarm_actions = var.create_sns_topic ? [aws_sns_topic.this[0].arn] : (var.sns_topic_arn == null ? [] : [var.sns_topic_arn])
}

# No encryption by default: CloudWatch cannot publish to a topic encrypted with the AWS managed key
# (alias/aws/sns); pass a customer managed key whose policy lets cloudwatch.amazonaws.com use it.
# https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
resource "aws_sns_topic" "this" {
  count = var.create_sns_topic ? 1 : 0

  name              = var.sns_topic_name
  kms_master_key_id = var.sns_kms_master_key_id

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.sns_topic_arn == null
      error_message = "Give either create_sns_topic = true (create_alarm_topic at the root) or sns_topic_arn (alarm_topic_arn), not both."
    }
  }
}

# Errors: invocations that ended in a function error (an exception, a timeout). For a stream mapping
# each one is a batch retried or bisected; read it with the Sum statistic.
resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = var.functions

  alarm_name          = "${each.value}-errors"
  alarm_description   = "Lambda function ${each.value} (${each.key}) returned errors: at least ${var.lambda_errors.threshold} in ${var.lambda_errors.evaluation_periods} period(s) of ${var.lambda_errors.period_seconds} s."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = var.lambda_errors.period_seconds
  evaluation_periods  = var.lambda_errors.evaluation_periods
  threshold           = var.lambda_errors.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# Throttles: invocation requests refused for lack of concurrency. A throttled stream batch is retried
# and holds its shard back; read it with the Sum statistic.
resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  for_each = var.functions

  alarm_name          = "${each.value}-throttles"
  alarm_description   = "Lambda function ${each.value} (${each.key}) was throttled: at least ${var.lambda_throttles.threshold} in ${var.lambda_throttles.evaluation_periods} period(s) of ${var.lambda_throttles.period_seconds} s."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = var.lambda_throttles.period_seconds
  evaluation_periods  = var.lambda_throttles.evaluation_periods
  threshold           = var.lambda_throttles.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# IteratorAge: age of the last record of each batch a stream mapping delivered, in milliseconds. Lambda
# publishes it per function (no per-mapping dimension), so there is one alarm per function a stream
# feeds. A growing age means the function falls behind its stream, and records near the stream's
# retention (24 h for DynamoDB Streams) are about to be lost. Read it with the Maximum statistic.
resource "aws_cloudwatch_metric_alarm" "iterator_age" {
  for_each = var.stream_functions

  alarm_name          = "${each.value}-iterator-age"
  alarm_description   = "Lambda function ${each.value} (${each.key}) lags its stream: IteratorAge at least ${var.iterator_age.threshold_ms} ms for ${var.iterator_age.evaluation_periods} period(s) of ${var.iterator_age.period_seconds} s."
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = each.value }
  statistic           = "Maximum"
  unit                = "Milliseconds"
  period              = var.iterator_age.period_seconds
  evaluation_periods  = var.iterator_age.evaluation_periods
  threshold           = var.iterator_age.threshold_ms
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# ApproximateNumberOfMessagesVisible on a dead-letter or on-failure queue: every message there is a
# record or message the pipeline gave up on, to be looked at. SQS publishes the metric every minute
# while the queue is active (it is, as long as it holds messages).
resource "aws_cloudwatch_metric_alarm" "queue_messages_visible" {
  for_each = var.queues

  alarm_name          = "${each.value}-messages-visible"
  alarm_description   = "Queue ${each.value} (${each.key}) holds failed records or messages: at least ${var.queue_messages_visible.threshold} visible for ${var.queue_messages_visible.evaluation_periods} period(s) of ${var.queue_messages_visible.period_seconds} s."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = var.queue_messages_visible.period_seconds
  evaluation_periods  = var.queue_messages_visible.evaluation_periods
  threshold           = var.queue_messages_visible.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# 5xx on the HTTP API's stage: server-side errors (a function error or timeout, a missing invoke
# permission). HTTP APIs publish "5xx" with ApiId and Stage; "5XXError" with ApiName is the REST API's.
resource "aws_cloudwatch_metric_alarm" "http_api_5xx" {
  count = var.http_api == null ? 0 : 1

  alarm_name          = "${var.http_api.name}-5xx"
  alarm_description   = "HTTP API ${var.http_api.name} answered server errors: at least ${var.http_api_5xx.threshold} 5xx in ${var.http_api_5xx.evaluation_periods} period(s) of ${var.http_api_5xx.period_seconds} s."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = var.http_api.api_id, Stage = var.http_api.stage_name }
  statistic           = "Sum"
  period              = var.http_api_5xx.period_seconds
  evaluation_periods  = var.http_api_5xx.evaluation_periods
  threshold           = var.http_api_5xx.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}
