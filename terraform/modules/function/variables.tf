variable "name" {
  description = "Function name, already prefixed for the environment; also names its role and log group."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores (a Lambda function and IAM role name)."
  }
}

variable "handler" {
  description = "Handler, as package.Class::method."
  type        = string
}

variable "runtime" {
  description = "Lambda runtime identifier."
  type        = string
  default     = "java21"
}

variable "memory_size" {
  description = "Memory in MB (128 to 10240); CPU is allocated in proportion."
  type        = number
}

variable "timeout" {
  description = "Timeout in seconds (1 to 900)."
  type        = number

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "jar_path" {
  description = "Path of the deployable jar (<module>/target/<module>.jar)."
  type        = string
}

variable "environment" {
  description = "Environment variables of the function."
  type        = map(string)
  default     = {}
}

variable "policy_statements" {
  description = "Allow statements the function needs beyond its own logs and X-Ray: exactly the actions it calls, on exactly the resources it calls them on. Wildcards are refused."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.policy_statements : length(s.actions) > 0 && alltrue([for a in s.actions : !strcontains(a, "*")])])
    error_message = "policy_statements: every statement needs actions, and no action may contain a wildcard."
  }

  validation {
    condition     = alltrue([for s in var.policy_statements : length(s.resources) > 0 && alltrue([for r in s.resources : !strcontains(r, "*")])])
    error_message = "policy_statements: every statement needs resources, and no resource may contain a wildcard."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's log group, in days."
  type        = number
}

variable "tags" {
  description = "Tags for the function, its role and its log group."
  type        = map(string)
  default     = {}
}
