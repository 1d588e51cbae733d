-- Open bills only (paid_fen < amount_fen), with the columns aging needs: index-only scans.
CREATE INDEX bills_open_aging_idx ON bills (community_id, due_date) INCLUDE (room_id, amount_fen, paid_fen) WHERE paid_fen < amount_fen;
