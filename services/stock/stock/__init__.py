"""Stock: the bounded context that owns stock levels and the reservations made against them."""
