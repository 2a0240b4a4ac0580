variable "functions" {
  description = "Every function to alarm on Errors and Throttles: deployed function name, by wiring name."
  type        = map(string)
}

variable "stream_functions" {
  description = "Functions a DynamoDB or Kinesis stream mapping feeds, to alarm on IteratorAge: deployed function name, by wiring name."
  type        = map(string)
  default     = {}
}

variable "queues" {
  description = "Dead-letter and on-failure queues, to alarm on ApproximateNumberOfMessagesVisible: deployed queue name, by wiring name."
  type        = map(string)
  default     = {}
}

variable "http_api" {
  description = "The HTTP API to alarm on 5xx (its name, for the alarm's name, its id and its stage name), or null for none."
  type = object({
    name       = string
    api_id     = string
    stage_name = string
  })
  default = null
}

variable "create_sns_topic" {
  description = "Create an SNS topic that every alarm notifies (in alarm and back to OK). Subscribe to it yourself (e-mail, chat, paging); its ARN is the sns_topic_arn output."
  type        = bool
  default     = false
}

variable "sns_topic_name" {
  description = "Name of the topic created when create_sns_topic is true."
  type        = string
  default     = "alarms"
}

variable "sns_kms_master_key_id" {
  description = "Customer managed KMS key to encrypt the created topic with, or null for none. Not the AWS managed alias/aws/sns: CloudWatch cannot publish to a topic encrypted with it."
  type        = string
  default     = null

  validation {
    condition     = var.sns_kms_master_key_id == null || var.sns_kms_master_key_id != "alias/aws/sns"
    error_message = "CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key alias/aws/sns; use a customer managed key whose key policy allows cloudwatch.amazonaws.com."
  }
}

variable "sns_topic_arn" {
  description = "ARN of an existing SNS topic every alarm notifies, or null. Leave null when create_sns_topic is true; with neither, the alarms only change state (visible in the CloudWatch console)."
  type        = string
  default     = null

  validation {
    condition     = var.sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$", var.sns_topic_arn))
    error_message = "sns_topic_arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)."
  }
}

# Thresholds and periods. CloudWatch evaluates `evaluation_periods` consecutive periods of
# `period_seconds` and alarms when each reaches the threshold. The AWS metrics used here have
# one-minute resolution, so periods are multiples of 60 s.
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation

variable "lambda_errors" {
  description = "Errors alarm (Sum per period) of each function. Defaults: threshold 1 error, one period of 60 s: every error is worth a look, since a stream batch that fails is retried or bisected."
  type = object({
    threshold          = optional(number, 1)
    period_seconds     = optional(number, 60)
    evaluation_periods = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.lambda_errors.threshold >= 0 && var.lambda_errors.period_seconds >= 60 && var.lambda_errors.period_seconds % 60 == 0 && var.lambda_errors.evaluation_periods >= 1
    error_message = "lambda_errors: threshold >= 0, period_seconds a multiple of 60, evaluation_periods >= 1."
  }
}

variable "lambda_throttles" {
  description = "Throttles alarm (Sum per period) of each function. Defaults: threshold 1 throttle, one period of 60 s: these functions have no reserved concurrency, so a throttle means the account's concurrency is exhausted."
  type = object({
    threshold          = optional(number, 1)
    period_seconds     = optional(number, 60)
    evaluation_periods = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.lambda_throttles.threshold >= 0 && var.lambda_throttles.period_seconds >= 60 && var.lambda_throttles.period_seconds % 60 == 0 && var.lambda_throttles.evaluation_periods >= 1
    error_message = "lambda_throttles: threshold >= 0, period_seconds a multiple of 60, evaluation_periods >= 1."
  }
}

variable "iterator_age" {
  description = "IteratorAge alarm (Maximum per period, milliseconds) of each stream-fed function. Defaults: 60000 ms (one minute behind the stream) for 5 consecutive periods of 60 s, so a burst that drains quickly does not page anyone."
  type = object({
    threshold_ms       = optional(number, 60000)
    period_seconds     = optional(number, 60)
    evaluation_periods = optional(number, 5)
  })
  default = {}

  validation {
    condition     = var.iterator_age.threshold_ms > 0 && var.iterator_age.period_seconds >= 60 && var.iterator_age.period_seconds % 60 == 0 && var.iterator_age.evaluation_periods >= 1
    error_message = "iterator_age: threshold_ms > 0, period_seconds a multiple of 60, evaluation_periods >= 1."
  }
}

variable "queue_messages_visible" {
  description = "ApproximateNumberOfMessagesVisible alarm (Maximum per period) of each dead-letter and on-failure queue. Defaults: threshold 1 message, one period of 60 s: a message there is a failure the pipeline gave up on."
  type = object({
    threshold          = optional(number, 1)
    period_seconds     = optional(number, 60)
    evaluation_periods = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.queue_messages_visible.threshold >= 1 && var.queue_messages_visible.period_seconds >= 60 && var.queue_messages_visible.period_seconds % 60 == 0 && var.queue_messages_visible.evaluation_periods >= 1
    error_message = "queue_messages_visible: threshold >= 1, period_seconds a multiple of 60, evaluation_periods >= 1."
  }
}

variable "http_api_5xx" {
  description = "5xx alarm (Sum per period) of the HTTP API. Defaults: threshold 1 server error in one period of 300 s."
  type = object({
    threshold          = optional(number, 1)
    period_seconds     = optional(number, 300)
    evaluation_periods = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.http_api_5xx.threshold >= 0 && var.http_api_5xx.period_seconds >= 60 && var.http_api_5xx.period_seconds % 60 == 0 && var.http_api_5xx.evaluation_periods >= 1
    error_message = "http_api_5xx: threshold >= 0, period_seconds a multiple of 60, evaluation_periods >= 1."
  }
}

variable "tags" {
  description = "Tags for the alarms and the topic."
  type        = map(string)
  default     = {}
}
