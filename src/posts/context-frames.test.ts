// Frames and guards for identification, confidentiality, platforms, official-personal, branding and
// reputation (issue 18): each case is a general way of saying something, written for the test, with
// a neighbour that must not be flagged.
import { describe, expect, it } from "vitest";
import { check, clauses } from "./test-support";

const flagged = (text: string, context: "personal" | "professional" | "official") =>
  check(text, context).findings.filter((finding) => finding.severity !== "advice");

describe("harmless posts that share words with a breach stay clear", () => {
  it.each([
    ["official", "GCSE results: 58% of grades at A*-A, and 12 pupils with straight A*s."],
    ["personal", "As a SEND teacher, the best part of my week was a quiet Year 9 reading aloud."],
    ["personal", "Dyslexia isn't laziness and anxiety isn't rudeness. Thanks for listening to my talk."],
    ["personal", "The lunch team learned every child's allergy by October. Heroes."],
    ["personal", "Made a YouTube video on marking hacks, no pupils in it, no school named."],
    ["personal", "Gin and tonic in the garden. Not on a school night, obviously."],
    [
      "official",
      "Thanks for getting in touch. Please email the school office with your child's name and we'll look into it.",
    ],
    ["official", "Every family will get a login in September: it's where you'll see your child's reports."],
    ["personal", "Our Year 10 boys' rugby team are so fit, they ran the whole second half without a sub."],
  ] as const)("%s: %s", (context, text) => {
    expect(flagged(text, context)).toEqual([]);
  });
});

describe("the same frames still catch the breach", () => {
  it("reads A** as masked language, not a grade", () => {
    expect(flagged("what an a** the head is", "personal").length).toBeGreaterThan(0);
  });

  it("still names a pupil's need when it is told of one child", () => {
    expect(clauses(check("One of my Year 9s has ADHD and kicked off again today.", "personal"))).toContain(
      "4.7.2",
    );
  });

  it("still reads drink before lessons as 4.3", () => {
    expect(clauses(check("Still hungover, teaching Year 8 first period.", "personal"))).toContain("4.3");
  });
});

describe("frames for the school's own account, drink and work, and one pupil's results", () => {
  it.each([
    ["official", "Counting the days to my flight to Crete, one more week of term!", "8.2.1"],
    ["official", "Thanks lovely, see you at yoga xx", "8.2.1"],
    ["official", "Year 11s, stuck on revision? Message me on my own number tonight.", "5.4"],
    ["official", "Choir members: practice tracks are in our new Viber group, scan the code to join!", "6.1"],
    ["personal", "Still hanging after the Sunday session and it's INSET all day 🤕", "4.3"],
    ["personal", "Half the maths department legless at the staff do, tagged #SummitHigh 😂", "4.3"],
    ["personal", "Tom Dickson failed his maths resit again, poor lad.", "4.7.2"],
    ["personal", "Renamed my Instagram to @SummitHighDrama so the cast can find it", "7.2"],
    ["official", "To the dad who shouted at our receptionist: come in and say that to our faces.", "5.4"],
    ["official", "Good luck to Anne Smith tonight, after everything she's been through this term.", "4.7.2"],
    [
      "professional",
      "As the staff representative for Summit High, I can confirm the school opposes the merger.",
      "7.2",
    ],
    ["official", "A fortnight in Corfu from Friday, here I come!", "8.2.1"],
    ["personal", "New TikTok handle @SummitHighScience, follow for experiments from our labs", "7.2"],
    ["personal", "Made a WhatsApp group for my form, parents don't need to be in it", "6.1"],
  ] as const)("%s: %s", (context, text, clause) => {
    expect(clauses(check(text, context))).toContain(clause);
  });

  it.each([
    ["official", "Congratulations to our Year 9 choir on their cathedral concert tonight!"],
    ["official", "Questions about the residential? Please phone the school office and we'll help."],
    ["official", "Follow us on Instagram @SummitHighSch for photos from the summer fair!"],
    ["personal", "Sunday roast and a glass of red. Lessons planned, bed by ten."],
    ["personal", "Another INSET day wasted on slides that could have been an email."],
    ["personal", "Summiting Ben Nevis this weekend with the family!"],
    ["official", "To the parent who dropped off the lost blazer: thank you so much!"],
    [
      "official",
      "Good luck to our Year 8 chess team at the county final tonight, what a year they have had!",
    ],
    ["personal", "My school supports Children in Need every year, get your spots on!"],
    ["official", "Year 9 are off to Berlin for a week in April, can't wait to see their photos!"],
  ] as const)("stays clear: %s: %s", (context, text) => {
    expect(flagged(text, context)).toEqual([]);
  });
});
