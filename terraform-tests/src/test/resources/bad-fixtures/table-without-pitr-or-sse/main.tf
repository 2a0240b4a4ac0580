variable "encrypt" {
  description = "Encrypt the table."
  type        = bool
  default     = false
}

resource "aws_dynamodb_table" "no_pitr" {
  name         = "notes"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled = true
  }
}

resource "aws_dynamodb_table" "switchable_sse" {
  name         = "Users"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled = var.encrypt
  }

  point_in_time_recovery {
    enabled = true
  }
}
