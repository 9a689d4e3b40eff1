"""Purchase: the bounded context that owns purchase orders to suppliers and replenishes stock."""
