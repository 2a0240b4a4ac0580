# The scenario module's call of the event source mapping block, with two settings written here instead
# of read from the wiring: a literal batch size, and a literal fallback that hides a missing field.

locals {
  functions = { for name, function in var.wiring.functions : name => function if function.group == var.group }
  mappings  = { for name, mapping in var.wiring.mappings : name => mapping if contains(keys(local.functions), mapping.function) }
}

module "mappings" {
  source   = "../event-source-mapping"
  for_each = local.mappings

  function_name                      = module.functions[each.value.function].function_arn
  source_type                        = each.value.source.type
  event_source_arn                   = local.source_arns[each.value.source.type][local.mapping_sources[each.key].name]
  batch_size                         = 100
  maximum_batching_window_in_seconds = each.value.maximumBatchingWindowInSeconds
  starting_position                  = try(each.value.startingPosition, null)
  maximum_retry_attempts             = try(each.value.maximumRetryAttempts, 3)
  bisect_batch_on_function_error     = try(each.value.bisectBatchOnFunctionError, null)
  maximum_record_age_in_seconds      = try(each.value.maximumRecordAgeInSeconds, null)
  on_failure_destination_arn         = try(each.value.onFailureQueue, null) == null ? null : local.queue_refs[each.value.onFailureQueue].arn
  filter_patterns                    = [for filter in try(each.value.filters, []) : jsonencode(filter)]
  function_timeout_seconds           = module.functions[each.value.function].function_timeout
}
