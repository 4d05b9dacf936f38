-- Staff: what a review decision records beyond who and when.

-- decision_id: the random id of the decision that closed the application. D1 has no
-- BEGIN, so the statements of one decision batch are guarded on it: a second reviewer's
-- batch that loses the race changes nothing.
ALTER TABLE applications ADD COLUMN decision_id TEXT;
-- decision_note: the reviewer's note on an approval, for staff only (a rejection's
-- reason, which the resident reads, stays in reject_reason).
ALTER TABLE applications ADD COLUMN decision_note TEXT;
