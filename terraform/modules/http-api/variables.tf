variable "name" {
  description = "API name, already prefixed for the environment."
  type        = string
}

variable "routes" {
  description = "Route key (\"METHOD /path\") to the key of the function in `functions` that serves it."
  type        = map(string)
}

variable "functions" {
  description = "Functions the routes may target, by key: name and invoke ARN."
  type = map(object({
    function_name = string
    invoke_arn    = string
  }))

  validation {
    condition     = length(var.functions) > 0
    error_message = "functions must not be empty."
  }
}

variable "throttling_burst_limit" {
  description = "Default route burst limit (requests)."
  type        = number

  validation {
    condition     = var.throttling_burst_limit >= 0
    error_message = "throttling_burst_limit must not be negative."
  }
}

variable "throttling_rate_limit" {
  description = "Default route steady-state limit (requests per second)."
  type        = number

  validation {
    condition     = var.throttling_rate_limit >= 0
    error_message = "throttling_rate_limit must not be negative."
  }
}

variable "log_retention_days" {
  description = "Retention of the access log group, in days."
  type        = number
}

variable "tags" {
  description = "Tags for the API, its stage and its log group."
  type        = map(string)
  default     = {}
}
