-- v3: what an order cost and how it was paid and refunded (support answers need the real total).
ALTER TABLE orders ADD COLUMN shipping_cost REAL NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN payment_method TEXT;
ALTER TABLE orders ADD COLUMN refund_amount REAL;
ALTER TABLE orders ADD COLUMN refunded_at TEXT;
