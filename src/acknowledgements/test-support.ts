// For tests of acknowledgement: the right answers to the default check of understanding on the
// Summit policy (SUMMIT_POLICY_TEXT), as the confirm form posts them.
export const PASSING_DEFAULT_ANSWERS: Readonly<Record<string, string>> = {
  "q-default-4.10": "1",
  "q-default-8.3": "2",
  "q-default-7.3": "0",
  "q-default-4.2.1": "1",
};
