# The whole system, built from wiring.json: the one declaration of tables, streams, queues, functions,
# event source mappings and routes, which the local runtime reads too. Nothing below repeats a setting
# of the wiring; each module instance provisions one group of it (see modules/scenario).

locals {
  wiring        = jsondecode(file("${path.module}/wiring.json"))
  artifacts_dir = var.artifacts_dir == null ? "${path.module}/.." : var.artifacts_dir

  # Every group wiring.json declares must have a module instance below, or its resources would
  # silently not be deployed: the deployment output's precondition refuses the plan otherwise.
  deployed_groups = ["shared", "notes", "orders", "store-orders", "lab-stream", "game-scores", "users"]
  wiring_groups = distinct(concat(
    [for table in values(local.wiring.tables) : table.group],
    [for stream in values(try(local.wiring.kinesisStreams, {})) : stream.group],
    [for queue in values(local.wiring.queues) : queue.group],
    [for function in values(local.wiring.functions) : function.group],
  ))
  undeployed_groups = setsubtract(local.wiring_groups, local.deployed_groups)
}

# Used by more than one group: the ledger that makes both aggregators idempotent.
module "shared" {
  source = "./modules/scenario"

  group               = "shared"
  wiring              = local.wiring
  name_prefix         = var.name_prefix
  artifacts_dir       = local.artifacts_dir
  log_retention_days  = var.log_retention_days
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

locals {
  shared_tables = {
    for name, table_name in module.shared.table_names : name => {
      name       = table_name
      arn        = module.shared.table_arns[name]
      stream_arn = lookup(module.shared.table_stream_arns, name, null)
    }
  }
}

# Scenarios 1-3 (seed 000): notes over the HTTP API; word count straight from the stream, and
# decoupled through a forwarder and the word-count queue with its dead-letter queue.
module "notes" {
  source = "./modules/scenario"

  group               = "notes"
  wiring              = local.wiring
  name_prefix         = var.name_prefix
  artifacts_dir       = local.artifacts_dir
  log_retention_days  = var.log_retention_days
  shared_tables       = local.shared_tables
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

# Scenario 4 (seed 001): Orders with a KEYS_ONLY stream, keys logged one record per batch.
module "orders" {
  source = "./modules/scenario"

  group               = "orders"
  wiring              = local.wiring
  name_prefix         = var.name_prefix
  artifacts_dir       = local.artifacts_dir
  log_retention_days  = var.log_retention_days
  shared_tables       = local.shared_tables
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

# Scenarios 5-6 (seed 002): StoreOrders on demand; new images echoed (batch 5, bisect, 10 retries,
# on-failure queue) and exact order totals per item.
module "store_orders" {
  source = "./modules/scenario"

  group               = "store-orders"
  wiring              = local.wiring
  name_prefix         = var.name_prefix
  artifacts_dir       = local.artifacts_dir
  log_retention_days  = var.log_retention_days
  shared_tables       = local.shared_tables
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

# Scenario 7 (seed 003): the Lab-Stream Kinesis stream, records decoded and logged.
module "lab_stream" {
  source = "./modules/scenario"

  group               = "lab-stream"
  wiring              = local.wiring
  name_prefix         = var.name_prefix
  artifacts_dir       = local.artifacts_dir
  log_retention_days  = var.log_retention_days
  shared_tables       = local.shared_tables
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

# Scenario 8 (seed 003): GameScoreRecords summed per user into GameScoresByUser, exactly.
module "game_scores" {
  source = "./modules/scenario"

  group               = "game-scores"
  wiring              = local.wiring
  name_prefix         = var.name_prefix
  artifacts_dir       = local.artifacts_dir
  log_retention_days  = var.log_retention_days
  shared_tables       = local.shared_tables
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

# Scenario 9 (seed 004): users over the HTTP API; removals logged (REMOVE events only, e-mail masked).
module "users" {
  source = "./modules/scenario"

  group               = "users"
  wiring              = local.wiring
  name_prefix         = var.name_prefix
  artifacts_dir       = local.artifacts_dir
  log_retention_days  = var.log_retention_days
  shared_tables       = local.shared_tables
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

locals {
  groups = [module.shared, module.notes, module.orders, module.store_orders, module.lab_stream, module.game_scores, module.users]

  table_names                = merge([for group in local.groups : group.table_names]...)
  table_stream_arns          = merge([for group in local.groups : group.table_stream_arns]...)
  kinesis_stream_names       = merge([for group in local.groups : group.kinesis_stream_names]...)
  queue_urls                 = merge([for group in local.groups : group.queue_urls]...)
  function_names             = merge([for group in local.groups : group.function_names]...)
  function_invoke_arns       = merge([for group in local.groups : group.function_invoke_arns]...)
  event_source_mapping_uuids = merge([for group in local.groups : group.event_source_mapping_uuids]...)

  routed_functions = toset(values(try(local.wiring.httpApi.routes, {})))
}

# Scenarios 1 and 9: one HTTP API for notes and users, throttled as the wiring says.
module "http_api" {
  source = "./modules/http-api"
  count  = var.create_http_api && length(local.routed_functions) > 0 ? 1 : 0

  name   = "${var.name_prefix}http-api"
  routes = local.wiring.httpApi.routes
  functions = {
    for name in local.routed_functions : name => {
      function_name = local.function_names[name]
      invoke_arn    = local.function_invoke_arns[name]
    }
  }
  throttling_burst_limit = local.wiring.httpApi.throttlingBurstLimit
  throttling_rate_limit  = local.wiring.httpApi.throttlingRateLimit
  log_retention_days     = var.log_retention_days
  tags                   = var.tags
}

locals {
  queue_names = merge([for group in local.groups : group.queue_names]...)

  # Where failures end up, as the wiring declares them: every dead-letter queue a queue redrives into,
  # and every on-failure destination of a stream mapping.
  failure_queues = toset(concat(
    [for queue in values(local.wiring.queues) : queue.deadLetterQueue if try(queue.deadLetterQueue, null) != null],
    [for mapping in values(local.wiring.mappings) : mapping.onFailureQueue if try(mapping.onFailureQueue, null) != null],
  ))

  # Functions a DynamoDB or Kinesis stream feeds: IteratorAge exists only for stream mappings.
  stream_functions = toset([for mapping in values(local.wiring.mappings) : mapping.function if mapping.source.type != "sqs"])
}

# Alarms on every function (Errors, Throttles), every stream-fed function (IteratorAge), every
# dead-letter and on-failure queue (messages visible) and the HTTP API (5xx), optionally notifying SNS.
module "alarms" {
  source = "./modules/alarms"

  functions        = local.function_names
  stream_functions = { for name in local.stream_functions : name => local.function_names[name] }
  queues           = { for name in local.failure_queues : name => local.queue_names[name] }
  http_api = length(module.http_api) == 0 ? null : {
    name       = module.http_api[0].api_name
    api_id     = module.http_api[0].api_id
    stage_name = module.http_api[0].stage_name
  }

  create_sns_topic       = var.create_alarm_topic
  sns_topic_name         = "${var.name_prefix}alarms"
  sns_topic_arn          = var.alarm_topic_arn
  sns_kms_master_key_id  = var.alarm_topic_kms_key_id
  lambda_errors          = var.alarm_lambda_errors
  lambda_throttles       = var.alarm_lambda_throttles
  iterator_age           = var.alarm_iterator_age
  queue_messages_visible = var.alarm_queue_messages_visible
  http_api_5xx           = var.alarm_http_api_5xx
  tags                   = var.tags
}
