# Breaks "every stream mapping's function has an IteratorAge alarm": errors are alarmed, lag is not.
locals {
  wiring = jsondecode(file("${path.module}/wiring.json"))
}

module "alarms" {
  source = "./modules/alarms"

  functions = { for name, function in local.wiring.functions : name => "dev-${name}" }
}
