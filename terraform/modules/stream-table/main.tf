# One DynamoDB table, optionally with a stream, always encrypted and with point-in-time recovery.
# Keys, stream view type, billing mode and TTL come from the caller (in this project: wiring.json);
# encryption and PITR are not parameters on purpose, so that no table can be created without them.

locals {
  key_attributes = var.range_key == null ? [var.hash_key] : [var.hash_key, var.range_key]
  provisioned    = var.billing_mode == "PROVISIONED"
}

resource "aws_dynamodb_table" "this" {
  name           = var.name
  billing_mode   = var.billing_mode
  read_capacity  = local.provisioned ? var.read_capacity : null
  write_capacity = local.provisioned ? var.write_capacity : null
  hash_key       = var.hash_key.name
  range_key      = var.range_key == null ? null : var.range_key.name

  dynamic "attribute" {
    for_each = local.key_attributes
    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  stream_enabled   = var.stream_view_type != null
  stream_view_type = var.stream_view_type

  dynamic "ttl" {
    for_each = var.ttl_attribute == null ? [] : [var.ttl_attribute]
    content {
      enabled        = true
      attribute_name = ttl.value
    }
  }

  # Encrypted with the AWS managed key (aws/dynamodb): readers need no extra KMS permission.
  server_side_encryption {
    enabled = true
  }

  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = var.deletion_protection

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !local.provisioned || (coalesce(var.read_capacity, 0) > 0 && coalesce(var.write_capacity, 0) > 0)
      error_message = "Table ${var.name}: billing mode PROVISIONED needs read_capacity and write_capacity > 0 (readCapacity/writeCapacity in wiring.json)."
    }
  }
}
