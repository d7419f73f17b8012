-- One meaning per rule field: a regex rule's case is its i flag and it has no whole-word option; fields a
-- kind has no use for hold their defaults. Every rule means what it meant before (those fields were ignored);
-- rule-set snapshots are left as they are and read with the same meaning.
update rule set case_sensitive = (position('i' in flags) = 0), whole_word = false, keywords = '[]'
    where kind = 'regex';
update rule set pattern = null, flags = '' where kind <> 'regex';
update rule set case_sensitive = false, whole_word = false where kind in ('credit_card', 'iban', 'secret');
update rule set keywords = '[]' where kind in ('credit_card', 'iban');
