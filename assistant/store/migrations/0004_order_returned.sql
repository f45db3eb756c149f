-- v4: when a returned order reached the warehouse (a refund is due 2-3 business days after).
ALTER TABLE orders ADD COLUMN returned_at TEXT;
