// The controls Conduct offers and the clauses each puts into practice by default. Defaults are
// anchored by wording (a phrase of the clause), not by number, so they find their clause in any
// variant of the template; the trust's actual mapping is data (control_mappings) and can change.

export type ControlDefinition = {
  key: string;
  name: string;
  /** What the control does, in the school's words. */
  does: string;
  /** False for a control a later release builds: its clauses show as gaps until then. */
  built: boolean;
  /** Where a leader goes to see it working. */
  href?: string;
  defaults: { number: string; phrase: string }[];
};

export const CONTROL_CATALOGUE: ControlDefinition[] = [
  {
    key: "post-check",
    name: "Post check",
    does: "Staff check a post before publishing; findings cite the clause",
    built: true,
    href: "/posts/check",
    defaults: [
      {
        number: "4.4",
        phrase:
          "must not contribute or access any social media content which is illegal, discriminatory, sexual, or otherwise offensive",
      },
      {
        number: "4.5",
        phrase: "must not use social media to criticise or insult their school, its staff, its pupils",
      },
      {
        number: "4.6",
        phrase: "must not use social media to harass, bully or intimidate any pupil, parent, member of staff",
      },
      { number: "4.7", phrase: "must not breach school confidentiality" },
      { number: "4.7.2", phrase: "must not reveal any other private or confidential school matters" },
      {
        number: "5.4",
        phrase:
          "must not use school social media for any personal discussions or for any individual personal matters",
      },
      {
        number: "7.2",
        phrase:
          "cannot use account names, school branding or anything else that could imply that the content is official",
      },
      {
        number: "7.3",
        phrase:
          "not reveal any details of staff, pupils, parents or other members of the school community that make it possible to identify",
      },
      { number: "7.4", phrase: "must use appropriate behaviour and language at all times" },
      { number: "8.2.1", phrase: "must not use school social networking accounts for personal content" },
    ],
  },
  {
    key: "declarations",
    name: "Relationship declarations",
    does: "Staff declare social media relationships; Conduct judges them by section 8; leaders review",
    built: true,
    href: "/declarations/review",
    defaults: [
      {
        number: "4.2.1",
        phrase: "social media relationships must be declared with other personal relationships or interests",
      },
      {
        number: "8.3",
        phrase:
          "must not use personal social media with any child with whom they solely have, or have had, a staff/pupil relationship",
      },
      {
        number: "8.3.1",
        phrase:
          "can have social media contact with pupils or ex-pupils where other appropriate relationships exist",
      },
      {
        number: "8.4",
        phrase:
          "must not use personal social media with anyone with whom they solely have a staff/parent relationship",
      },
      { number: "8.4.1", phrase: "more complex relationships than just being a member of staff or a parent" },
    ],
  },
  {
    key: "evidence-vault",
    name: "Evidence vault",
    does: "Staff keep copies of communications rejecting a pupil's approach, stored unaltered",
    built: true,
    href: "/declarations",
    defaults: [
      {
        number: "8.3.2",
        phrase:
          "must retain any communications to pupils or ex-pupils rejecting any approaches made on social media",
      },
    ],
  },
  {
    key: "attestation",
    name: "Acknowledgement of the policy",
    does: "Every member of staff acknowledges the current version; reminders and escalation",
    built: false,
    defaults: [
      {
        number: "3.1.1",
        phrase: "ensure that all existing and new staff are trained and become familiar with this policy",
      },
      { number: "3.2.1", phrase: "ensure that they are familiar with the contents of this policy" },
      { number: "11.1", phrase: "all staff are required to adhere to this policy" },
    ],
  },
  {
    key: "queries",
    name: "Questions about the policy",
    does: "Questions raised against a clause go to the line manager, with a deadline",
    built: false,
    defaults: [
      { number: "3.1.2", phrase: "ensure that any queries raised are resolved swiftly" },
      {
        number: "3.2.2",
        phrase:
          "raise any queries or areas of concern they have relating to the use of social networking sites and interpretation of this policy",
      },
      {
        number: "4.10",
        phrase: "must raise all doubts, questions and concerns related to social media with school leaders",
      },
    ],
  },
  {
    key: "official-accounts",
    name: "Official accounts and permissions",
    does: "Register of school accounts, explicit permission grants with expiry, sanctioned platforms",
    built: false,
    defaults: [
      {
        number: "5.1",
        phrase:
          "must be given explicit permission to use social media on behalf of their school by a school leader",
      },
      { number: "5.3", phrase: "must have separate user accounts for school use of social media" },
      {
        number: "6.1",
        phrase: "ensure that all social media use when working with pupils is sanctioned by the school",
      },
    ],
  },
  {
    key: "concerns",
    name: "Concerns and cases",
    does: "Concerns reach the DSL, head teacher or HR; investigations with deadlines and outcomes",
    built: false,
    defaults: [
      {
        number: "3.1.3",
        phrase:
          "ensure that any allegations raised in respect of access to social networking sites are investigated promptly",
      },
      { number: "4.1.2", phrase: "must report all situations where any child is at potential risk" },
      {
        number: "11.2",
        phrase: "action may be taken in respect of other members of staff who are not employees (volunteers)",
      },
      {
        number: "12.1",
        phrase:
          "concern about what you are seeing or being told by another user which has safeguarding implications",
      },
      {
        number: "12.2",
        phrase: "made inappropriate/insulting/threatening comments about them, or other staff members",
      },
    ],
  },
  {
    key: "monitoring",
    name: "Monitoring of school equipment",
    does: "Social media minutes from web filter logs against the bell schedule, aggregates first",
    built: false,
    defaults: [
      { number: "3.1.4", phrase: "ensure there is a system in place for regular monitoring" },
      {
        number: "8.6.2",
        phrase: "can only use social media when no pupils are present and during breaks or non-directed time",
      },
      {
        number: "9.1",
        phrase:
          "must not spend an excessive amount of time while at the school on personal use of social media",
      },
      { number: "10.1", phrase: "reserves the right to monitor all staff internet use" },
    ],
  },
];

export function controlByKey(key: string): ControlDefinition | undefined {
  return CONTROL_CATALOGUE.find((c) => c.key === key);
}
