/**
 * Unicode script names (Script_Extensions values), in alphabetical order. A name the regex engine does not
 * know (an older Unicode) is skipped; name-rules.test.ts checks that every letter the engine knows falls in one.
 */
export const scriptNames: readonly string[] = [
  "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali",
  "Beria_Erfe Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian",
  "Caucasian_Albanian Chakma Cham Cherokee Chorasmian Coptic Cuneiform Cypriot Cypro_Minoan",
  "Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic",
  "Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi",
  "Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic",
  "Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li",
  "Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A",
  "Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi",
  "Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian",
  "Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu",
  "Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian",
  "Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya",
  "Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan",
  "Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala Sogdian Sora_Sompeng Soyombo",
  "Sundanese Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri",
  "Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto",
  "Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square",
]
  .join(" ")
  .split(" ");

const known = scriptNames.flatMap((name) => {
  try {
    return [{ name, pattern: new RegExp(`^\\p{Script_Extensions=${name}}$`, "u") }];
  } catch {
    return [];
  }
});

/** Characters that belong to every script: digits, punctuation, combining marks. */
const neutral = /^[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]$/u;

/**
 * The writing systems that TR39's Highly Restrictive level lets Latin, Han and the Japanese, Chinese and
 * Korean scripts share: a script stands for itself and for each of these it may appear in.
 */
const families: Readonly<Record<string, readonly string[]>> = {
  Han: ["Japanese", "Korean", "Chinese"],
  Hiragana: ["Japanese"],
  Katakana: ["Japanese"],
  Hangul: ["Korean"],
  Bopomofo: ["Chinese"],
  Latin: ["Japanese", "Korean", "Chinese"],
};

/** The scripts (and families) one character may be written in; undefined for a script-neutral character. */
export function scriptsOf(character: string): ReadonlySet<string> | undefined {
  if (neutral.test(character)) return undefined;
  const scripts = new Set<string>();
  for (const { name, pattern } of known) {
    if (!pattern.test(character)) continue;
    scripts.add(name);
    for (const family of families[name] ?? []) scripts.add(family);
  }
  // Known limitation: a letter of a script missing from the list stands alone, so it never mixes silently.
  if (scripts.size === 0) scripts.add(`unlisted:${character}`);
  return scripts;
}

/**
 * True when `text` mixes scripts, as TR39's Highly Restrictive level judges it: every character must share
 * one script (Script_Extensions), except that Latin may go with Han and Japanese kana, with Han and Bopomofo,
 * or with Han and Hangul. So "Alice" in Latin with a Cyrillic "а" mixes; "Юлия" or "太郎Taro" does not.
 */
export function mixesScripts(text: string): boolean {
  let common: Set<string> | undefined;
  for (const character of text) {
    const scripts = scriptsOf(character);
    if (scripts === undefined) continue;
    common = common === undefined ? new Set(scripts) : new Set([...common].filter((s) => scripts.has(s)));
    if (common.size === 0) return true;
  }
  return false;
}
