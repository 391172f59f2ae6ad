// Reads emoji that people use as words ("SLT 🤡🤡", "Year 10 girls 👀") as tokens named after the
// emoji ("emoji-clown"), so word lists and rules can use them like any other word. Which emoji count
// as an insult or a leer is decided in the rules, not here: this file only names them.
import type { Token } from "./tokenise-post";

const emojiNames: ReadonlyMap<string, string> = new Map([
  ["🤡", "emoji-clown"],
  ["💩", "emoji-poo"],
  ["🐑", "emoji-sheep"],
  ["🐒", "emoji-monkey"],
  ["🦍", "emoji-gorilla"],
  ["🐷", "emoji-pig"],
  ["🐖", "emoji-pig"],
  ["🐀", "emoji-rat"],
  ["🦕", "emoji-dinosaur"],
  ["🦖", "emoji-dinosaur"],
  ["🙄", "emoji-eyeroll"],
  ["🤦", "emoji-facepalm"],
  ["👹", "emoji-ogre"],
  ["🖕", "emoji-finger"],
  ["🤮", "emoji-vomit"],
  ["👀", "emoji-eyes"],
  ["😏", "emoji-smirk"],
  ["😉", "emoji-wink"],
  ["😜", "emoji-wink"],
  ["😘", "emoji-kiss"],
  ["🥵", "emoji-hot"],
  ["🔥", "emoji-fire"],
  ["😍", "emoji-heart-eyes"],
  ["🍑", "emoji-peach"],
  ["🍆", "emoji-aubergine"],
  ["🤫", "emoji-shush"],
  ["🤐", "emoji-zip"],
  ["😈", "emoji-devil"],
  ["🔪", "emoji-knife"],
  ["🍺", "emoji-beer"],
  ["🍻", "emoji-beer"],
  ["🍷", "emoji-wine"],
  ["🥃", "emoji-spirit"],
  ["🍹", "emoji-cocktail"],
  ["🍸", "emoji-cocktail"],
  ["🤕", "emoji-head-bandage"],
  ["🍾", "emoji-bottle"],
  ["🥴", "emoji-woozy"],
  ["😵", "emoji-dizzy"],
  ["🤢", "emoji-sick"],
  ["🤔", "emoji-thinking"],
  ["🙃", "emoji-upside-down"],
  ["😳", "emoji-flushed"],
  ["🤤", "emoji-drool"],
  ["😬", "emoji-grimace"],
  ["🫏", "emoji-donkey"],
  ["🐍", "emoji-snake"],
  ["🐄", "emoji-cow"],
  ["🐮", "emoji-cow"],
  ["🐐", "emoji-goat"],
  ["🤓", "emoji-nerd"],
  // Named from the v7 authors' posts, so the learned tier's word buckets can read them (no rule
  // uses them yet: a toast 🥂 is a celebration at least as often as drink on duty).
  ["🙂", "emoji-smile"],
  ["😇", "emoji-halo"],
  ["🥂", "emoji-champagne"],
  ["💀", "emoji-skull"],
  ["🫠", "emoji-melting"],
  ["💅", "emoji-nails"],
  ["💦", "emoji-droplets"],
  ["😎", "emoji-cool"],
  ["🙈", "emoji-see-no-evil"],
  ["🍃", "emoji-leaf"],
  ["💨", "emoji-dash"],
  ["🎉", "emoji-party"],
  ["🪩", "emoji-mirror-ball"],
  ["😴", "emoji-sleeping"],
  ["👏", "emoji-clap"],
  ["🚩", "emoji-red-flag"],
  ["🤥", "emoji-lying"],
]);

/** More emoji tokens than this add nothing for the rules and cost time on hostile input. */
const maxEmojiTokens = 200;

const spiralTail = "\u200d\u{1f4ab}";

/**
 * Returns the tokens with a token for each named emoji, in text order. An emoji belongs to the
 * sentence of the word before it ("policy 🤡." is about the policy), or of the next word at the start.
 */
export function addEmojiTokens(text: string, tokens: Token[]): Token[] {
  let found: Token[] | undefined;
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) continue;
    const ch = text.slice(i, i + 2);
    let name = emojiNames.get(ch);
    if (!name) continue;
    // 😵‍💫 (spiral eyes, 😵 joined to 💫) means overwhelmed far more often than drunk.
    if (name === "emoji-dizzy" && text.startsWith(spiralTail, i + 2)) name = "emoji-spiral-eyes";
    while (next < tokens.length && tokens[next]!.start < i) next++;
    const before = tokens[next - 1];
    const sentence = before ? before.sentence : (tokens[next]?.sentence ?? 0);
    found ??= [];
    found.push({
      start: i,
      end: i + 2,
      raw: ch,
      norm: name,
      sentence,
      capitalised: false,
      upper: false,
      masked: false,
      numeric: false,
      ignored: false,
    });
    i++;
    if (found.length >= maxEmojiTokens) break;
  }
  if (!found) return tokens;
  const merged: Token[] = [];
  let a = 0;
  let b = 0;
  while (a < tokens.length || b < found.length) {
    if (b >= found.length || (a < tokens.length && tokens[a]!.start < found[b]!.start))
      merged.push(tokens[a++]!);
    else merged.push(found[b++]!);
  }
  return merged;
}
