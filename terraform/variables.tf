variable "target" {
  description = "Where to deploy: \"aws\" (credentials and region from the usual AWS sources), \"local\" (the project's own local AWS endpoint, `make run`, dummy credentials) or \"localstack\" (a LocalStack-compatible endpoint, dummy credentials)."
  type        = string
  default     = "aws"

  validation {
    condition     = contains(["aws", "local", "localstack"], var.target)
    error_message = "target must be \"aws\", \"local\" or \"localstack\"."
  }
}

variable "local_endpoint" {
  description = "URL of the project's local AWS endpoint (`make run`), used when target is \"local\"."
  type        = string
  default     = "http://127.0.0.1:4566"

  validation {
    condition     = can(regex("^https?://[^/]+/?$", var.local_endpoint))
    error_message = "local_endpoint must be an http(s) URL without a path, such as http://127.0.0.1:4566."
  }
}

variable "localstack_endpoint" {
  description = "URL of the LocalStack-compatible endpoint, used when target is \"localstack\"."
  type        = string
  default     = "http://localhost:4566"

  validation {
    condition     = can(regex("^https?://[^/]+/?$", var.localstack_endpoint))
    error_message = "localstack_endpoint must be an http(s) URL without a path, such as http://localhost:4566."
  }
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name, one per environment (\"dev-\", \"staging-\"), so that several environments share an account. wiring.json holds the unprefixed names the local runtime uses."
  type        = string
  default     = "dev-"

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{0,20}$", var.name_prefix))
    error_message = "name_prefix must be at most 20 letters, digits or hyphens (function and role names are limited to 64 characters)."
  }
}

variable "artifacts_dir" {
  description = "Directory holding the function modules, each with its jar at <module>/target/<module>.jar. Defaults to the repository root (the parent of this directory)."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Retention of every log group, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653)."
  }
}

variable "create_http_api" {
  description = "Create the HTTP API (scenarios 1 and 9). Turn off for an emulator without API Gateway v2; the tables can still be written directly."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Turn on deletion protection for every table. Recommended in production; off by default so that `terraform destroy` removes a test environment."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for every resource (Project and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

# Alarms (modules/alarms): always created; where they notify, and when they fire.

variable "create_alarm_topic" {
  description = "Create an SNS topic (<name_prefix>alarms) that every alarm notifies, in alarm and back to OK. Subscribe to it yourself; its ARN is the alarm_topic_arn output. Leave false to use alarm_topic_arn, or no topic at all."
  type        = bool
  default     = false
}

variable "alarm_topic_arn" {
  description = "ARN of an existing SNS topic every alarm notifies, or null. Leave null with create_alarm_topic = true; with neither, alarms only change state (the CloudWatch console shows them)."
  type        = string
  default     = null
}

variable "alarm_topic_kms_key_id" {
  description = "Customer managed KMS key for the created topic, or null for none (CloudWatch cannot publish to a topic encrypted with the AWS managed alias/aws/sns)."
  type        = string
  default     = null
}

variable "alarm_lambda_errors" {
  description = "Errors alarm of every function: { threshold, period_seconds, evaluation_periods }, each optional. Defaults: 1 error in 1 period of 60 s."
  type = object({
    threshold          = optional(number)
    period_seconds     = optional(number)
    evaluation_periods = optional(number)
  })
  default = {}
}

variable "alarm_lambda_throttles" {
  description = "Throttles alarm of every function: { threshold, period_seconds, evaluation_periods }, each optional. Defaults: 1 throttle in 1 period of 60 s."
  type = object({
    threshold          = optional(number)
    period_seconds     = optional(number)
    evaluation_periods = optional(number)
  })
  default = {}
}

variable "alarm_iterator_age" {
  description = "IteratorAge alarm of every stream-fed function: { threshold_ms, period_seconds, evaluation_periods }, each optional. Defaults: 60000 ms for 5 consecutive periods of 60 s."
  type = object({
    threshold_ms       = optional(number)
    period_seconds     = optional(number)
    evaluation_periods = optional(number)
  })
  default = {}
}

variable "alarm_queue_messages_visible" {
  description = "ApproximateNumberOfMessagesVisible alarm of every dead-letter and on-failure queue: { threshold, period_seconds, evaluation_periods }, each optional. Defaults: 1 message in 1 period of 60 s."
  type = object({
    threshold          = optional(number)
    period_seconds     = optional(number)
    evaluation_periods = optional(number)
  })
  default = {}
}

variable "alarm_http_api_5xx" {
  description = "5xx alarm of the HTTP API: { threshold, period_seconds, evaluation_periods }, each optional. Defaults: 1 server error in 1 period of 300 s."
  type = object({
    threshold          = optional(number)
    period_seconds     = optional(number)
    evaluation_periods = optional(number)
  })
  default = {}
}
