output "http_api_endpoint" {
  description = "Base URL of the HTTP API (POST /notes, POST /users, ...), or null when create_http_api is false."
  value       = var.create_http_api ? one(module.http_api[*].api_endpoint) : null
}

# The routes are deployed to the $default stage, which AWS serves at the API's own endpoint. The stage's invoke_url is
# not used: the provider builds it from the region alone (https://<id>.execute-api.<region>.amazonaws.com/), even when
# the apigatewayv2 endpoint is an emulator, whereas api_endpoint is what the service answers (the edge's
# http://127.0.0.1:4566/_aws/execute-api/<id> locally).
output "http_api_url" {
  description = "URL clients call to invoke the HTTP API ($default stage: the API's execute-api endpoint), or null when create_http_api is false."
  value       = var.create_http_api ? one(module.http_api[*].api_endpoint) : null
}

output "alarm_names" {
  description = "Every CloudWatch alarm, by kind (lambda_errors, lambda_throttles, iterator_age, queue_messages_visible, http_api_5xx) and wiring name."
  value       = module.alarms.alarm_names
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify (created or given), or null when none."
  value       = module.alarms.sns_topic_arn
}

output "table_names" {
  description = "Deployed table names, by wiring name."
  value       = local.table_names
}

output "table_stream_arns" {
  description = "Stream ARNs of the tables that have a stream, by wiring name."
  value       = local.table_stream_arns
}

output "kinesis_stream_names" {
  description = "Deployed Kinesis stream names, by wiring name."
  value       = local.kinesis_stream_names
}

output "queue_urls" {
  description = "Queue URLs (work queues, dead-letter queues and on-failure destinations), by wiring name."
  value       = local.queue_urls
}

output "function_names" {
  description = "Deployed function names, by wiring name."
  value       = local.function_names
}

output "event_source_mapping_uuids" {
  description = "Event source mapping UUIDs, by wiring name."
  value       = local.event_source_mapping_uuids
}

output "deployment" {
  description = "Everything a client or a test needs to drive this deployment, in one object (`terraform output -json deployment`)."
  value = {
    target               = var.target
    region               = var.region
    endpoint             = local.endpoint
    http_api_endpoint    = var.create_http_api ? one(module.http_api[*].api_endpoint) : null
    http_api_url         = var.create_http_api ? one(module.http_api[*].api_endpoint) : null
    table_names          = local.table_names
    kinesis_stream_names = local.kinesis_stream_names
    queue_urls           = local.queue_urls
    function_names       = local.function_names
    mapping_uuids        = local.event_source_mapping_uuids
    alarm_names          = module.alarms.alarm_names
  }

  precondition {
    condition     = length(local.undeployed_groups) == 0
    error_message = "wiring.json uses groups no module instance in main.tf deploys: ${join(", ", local.undeployed_groups)}."
  }
}
