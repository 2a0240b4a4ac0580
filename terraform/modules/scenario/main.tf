# Everything one group of wiring.json declares: its tables, Kinesis streams, queues, functions and
# event source mappings. Every setting comes from the wiring (the file the local runtime reads too);
# this module only translates names into ARNs and derives each function's least-privilege policy:
#   - the actions listed under the function's "permissions", on exactly the tables and queues named;
#   - the read actions of each of its event sources, on that stream or queue;
#   - sqs:SendMessage on each of its on-failure destinations.

locals {
  tables          = { for name, table in var.wiring.tables : name => table if table.group == var.group }
  kinesis_streams = { for name, stream in try(var.wiring.kinesisStreams, {}) : name => stream if stream.group == var.group }
  queues          = { for name, queue in var.wiring.queues : name => queue if queue.group == var.group }
  functions       = { for name, function in var.wiring.functions : name => function if function.group == var.group }
  mappings        = { for name, mapping in var.wiring.mappings : name => mapping if contains(keys(local.functions), mapping.function) }

  # Queues that redrive into a dead-letter queue are created after the queues they redrive into.
  standalone_queues = { for name, queue in local.queues : name => queue if try(queue.deadLetterQueue, null) == null }
  redriven_queues   = { for name, queue in local.queues : name => queue if try(queue.deadLetterQueue, null) != null }
}

module "tables" {
  source   = "../stream-table"
  for_each = local.tables

  name                = "${var.name_prefix}${each.key}"
  hash_key            = each.value.hashKey
  range_key           = try(each.value.rangeKey, null)
  stream_view_type    = try(each.value.streamViewType, null)
  billing_mode        = each.value.billingMode
  read_capacity       = try(each.value.readCapacity, null)
  write_capacity      = try(each.value.writeCapacity, null)
  ttl_attribute       = try(each.value.ttlAttribute, null)
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

module "kinesis_streams" {
  source   = "../kinesis-stream"
  for_each = local.kinesis_streams

  name            = "${var.name_prefix}${each.key}"
  shard_count     = each.value.shardCount
  retention_hours = each.value.retentionHours
  tags            = var.tags
}

module "standalone_queues" {
  source   = "../queue"
  for_each = local.standalone_queues

  name                       = "${var.name_prefix}${each.key}"
  visibility_timeout_seconds = try(each.value.visibilityTimeoutSeconds, null)
  message_retention_seconds  = try(each.value.messageRetentionSeconds, null)
  tags                       = var.tags
}

module "redriven_queues" {
  source   = "../queue"
  for_each = local.redriven_queues

  name                       = "${var.name_prefix}${each.key}"
  visibility_timeout_seconds = try(each.value.visibilityTimeoutSeconds, null)
  message_retention_seconds  = try(each.value.messageRetentionSeconds, null)
  dead_letter_queue_arn      = module.standalone_queues[each.value.deadLetterQueue].queue_arn
  max_receive_count          = each.value.maxReceiveCount
  tags                       = var.tags
}

locals {
  table_refs = merge(var.shared_tables, {
    for name, table in module.tables : name => {
      name       = table.table_name
      arn        = table.table_arn
      stream_arn = table.table_stream_arn
    }
  })

  queue_refs = {
    for name, queue in merge(module.standalone_queues, module.redriven_queues) : name => {
      name                       = queue.queue_name
      arn                        = queue.queue_arn
      url                        = queue.queue_url
      visibility_timeout_seconds = queue.queue_visibility_timeout_seconds
    }
  }

  kinesis_stream_refs = {
    for name, stream in module.kinesis_streams : name => {
      name = stream.stream_name
      arn  = stream.stream_arn
    }
  }

  # Event source ARNs by source type and wiring name.
  source_arns = {
    dynamodb = { for name, table in local.table_refs : name => table.stream_arn }
    kinesis  = { for name, stream in local.kinesis_stream_refs : name => stream.arn }
    sqs      = { for name, queue in local.queue_refs : name => queue.arn }
  }

  mapping_sources = {
    for name, mapping in local.mappings : name => {
      type = mapping.source.type
      name = mapping.source.type == "dynamodb" ? mapping.source.table : (mapping.source.type == "kinesis" ? mapping.source.stream : mapping.source.queue)
    }
  }

  # What the Lambda service needs to poll each kind of source on the function's behalf.
  # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-example-lamda-process-dynamodb-streams.html
  # https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-create.html (no SubscribeToShard: no enhanced fan-out)
  # https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
  source_read_actions = {
    dynamodb = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
    kinesis  = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"]
    sqs      = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
  }

  function_environments = {
    for function_name, function in local.functions : function_name => {
      for variable, value in function.environment : variable => (
        can(value.table) ? local.table_refs[value.table].name : (
          can(value.queueUrl) ? local.queue_refs[value.queueUrl].url : (
            can(value.value) ? tostring(value.value) : tostring(value)
          )
        )
      )
    }
  }

  function_policy_statements = {
    for function_name, function in local.functions : function_name => concat(
      [
        for table, actions in try(function.permissions.tables, {}) : {
          sid       = "Table${replace(title(replace(table, "/[^a-zA-Z0-9]+/", " ")), " ", "")}"
          actions   = actions
          resources = [local.table_refs[table].arn]
        }
      ],
      [
        for queue, actions in try(function.permissions.queues, {}) : {
          sid       = "Queue${replace(title(replace(queue, "/[^a-zA-Z0-9]+/", " ")), " ", "")}"
          actions   = actions
          resources = [local.queue_refs[queue].arn]
        }
      ],
      [
        for mapping_name, mapping in local.mappings : {
          sid       = "ReadSource${replace(title(replace(mapping_name, "/[^a-zA-Z0-9]+/", " ")), " ", "")}"
          actions   = local.source_read_actions[mapping.source.type]
          resources = [local.source_arns[mapping.source.type][local.mapping_sources[mapping_name].name]]
        } if mapping.function == function_name
      ],
      [
        for mapping_name, mapping in local.mappings : {
          sid       = "OnFailure${replace(title(replace(mapping_name, "/[^a-zA-Z0-9]+/", " ")), " ", "")}"
          actions   = ["sqs:SendMessage"]
          resources = [local.queue_refs[mapping.onFailureQueue].arn]
        } if mapping.function == function_name && try(mapping.onFailureQueue, null) != null
      ],
    )
  }
}

module "functions" {
  source   = "../function"
  for_each = local.functions

  name               = "${var.name_prefix}${each.key}"
  handler            = each.value.handler
  runtime            = var.runtime
  memory_size        = each.value.memoryMb
  timeout            = each.value.timeoutSeconds
  jar_path           = "${var.artifacts_dir}/${each.value.module}/target/${each.value.module}.jar"
  environment        = local.function_environments[each.key]
  policy_statements  = local.function_policy_statements[each.key]
  log_retention_days = var.log_retention_days
  tags               = var.tags
}

module "mappings" {
  source   = "../event-source-mapping"
  for_each = local.mappings

  function_name                      = module.functions[each.value.function].function_arn
  source_type                        = each.value.source.type
  event_source_arn                   = local.source_arns[each.value.source.type][local.mapping_sources[each.key].name]
  batch_size                         = each.value.batchSize
  maximum_batching_window_in_seconds = each.value.maximumBatchingWindowInSeconds
  starting_position                  = try(each.value.startingPosition, null)
  maximum_retry_attempts             = try(each.value.maximumRetryAttempts, null)
  bisect_batch_on_function_error     = try(each.value.bisectBatchOnFunctionError, null)
  maximum_record_age_in_seconds      = try(each.value.maximumRecordAgeInSeconds, null)
  on_failure_destination_arn         = try(each.value.onFailureQueue, null) == null ? null : local.queue_refs[each.value.onFailureQueue].arn
  filter_patterns                    = [for filter in try(each.value.filters, []) : jsonencode(filter)]
  function_timeout_seconds           = module.functions[each.value.function].function_timeout
  queue_visibility_timeout_seconds   = each.value.source.type == "sqs" ? local.queue_refs[each.value.source.queue].visibility_timeout_seconds : null
}
