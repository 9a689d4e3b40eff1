"""Sales: the bounded context that owns sales orders placed by customers."""
