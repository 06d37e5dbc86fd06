#include "hookline_phone.h"
#include "region_plan.h"
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonemetadata.pb.h>
#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "digit_parse.h"
#include "digit_pattern.h"
#include "icu_patterns.h"
#include "metadata_index.h"
#include "number_type.h"

using i18n::phonenumbers::NumberFormat;
using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::RegExp;
using FormatList = google::protobuf::RepeatedPtrField<NumberFormat>;

namespace {

// Copies a std::string into a fixed C buffer, always NUL-terminated, never overrunning.
void copyOut(const std::string &s, char *dst, size_t cap) {
    size_t n = s.size() < cap - 1 ? s.size() : cap - 1;
    std::memcpy(dst, s.data(), n);
    dst[n] = '\0';
}

// Lengths of the digit runs in a formatted number, at most `cap` of them.
int digitGroups(const std::string &formatted, unsigned char *groups, int cap) {
    int count = 0;
    int current = 0;
    for (char c : formatted) {
        if (c >= '0' && c <= '9') {
            current++;
        } else if (current > 0) {
            if (count < cap) groups[count++] = (unsigned char)(current > 255 ? 255 : current);
            current = 0;
        }
    }
    if (current > 0 && count < cap) groups[count++] = (unsigned char)(current > 255 ? 255 : current);
    return count;
}

int mapType(PhoneNumberUtil::PhoneNumberType t) {
    switch (t) {
    case PhoneNumberUtil::FIXED_LINE: return HOOKLINE_PHONE_FIXED;
    case PhoneNumberUtil::MOBILE: return HOOKLINE_PHONE_MOBILE;
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return HOOKLINE_PHONE_FIXED_OR_MOBILE;
    case PhoneNumberUtil::TOLL_FREE: return HOOKLINE_PHONE_TOLL_FREE;
    case PhoneNumberUtil::PREMIUM_RATE: return HOOKLINE_PHONE_PREMIUM;
    case PhoneNumberUtil::SHARED_COST: return HOOKLINE_PHONE_SHARED_COST;
    case PhoneNumberUtil::VOIP: return HOOKLINE_PHONE_VOIP;
    default: return HOOKLINE_PHONE_OTHER;
    }
}

// A region's (or non-geographic code's) format lists, for FormatByPattern, holding only what it
// reads of each format: the pattern, the format, the national prefix formatting rule and the
// last leading-digits pattern (ChooseFormattingPatternForNumber asks only whether there is one
// and tries the last, the most detailed); the rest of the metadata stays with libphonenumber.
// One format of a combined list as FormatByPattern applies it to a number for NATIONAL: its
// last leading-digits pattern and its pattern, each held here (matched by DigitPattern, or by
// the library's engine, compiled once in the shim's cache), not looked up by its text on every
// call; and its replacement with the national prefix formatting rule already put in for the
// first group (FormatNsnUsingPattern does that on every call).
struct PreparedFormat {
    bool hasLeading = false;
    hookline::MetadataPattern leading;
    hookline::MetadataPattern pattern;
    std::string replacement;
    // The lengths the pattern matches whole, when it is only groups of digits (`groupLengths`):
    // a national significant number outside them needs neither of its patterns.
    bool lengthsKnown = false;
    int minimumLength = 0;
    int maximumLength = 0;
    // For such a pattern, the replacement written here (`templateOf`), not by ICU's
    // GlobalReplace (a matcher and the number in UTF-16, then back: ~4-6 k instructions): each
    // group's least and most digits, and the replacement as text and group numbers.
    bool templated = false;
    std::vector<int> groupLeast;
    std::vector<int> groupMost;
    std::vector<std::pair<std::string, int>> pieces;

    // GlobalReplace for a number of ASCII digits within the pattern's lengths: the first match
    // begins at the start; each "\d{n,m}" group, greedy, takes all it can and leaves the
    // later groups their least, so the match is the whole number (it is within the lengths)
    // and there is no second one (every group takes at least one digit between them).
    std::string apply(const std::string &nsn) const {
        size_t bounds[9];
        int rest = 0;
        for (int least : groupLeast) rest += least;
        size_t at = 0;
        bounds[0] = 0;
        for (size_t g = 0; g < groupLeast.size(); g++) {
            rest -= groupLeast[g];
            const int room = int(nsn.size() - at) - rest;
            at += size_t(room < groupMost[g] ? room : groupMost[g]);
            bounds[g + 1] = at;
        }
        std::string out;
        out.reserve(replacement.size() + nsn.size());
        for (const auto &piece : pieces) {
            out += piece.first;
            if (piece.second > 0) out.append(nsn, bounds[piece.second - 1], bounds[piece.second] - bounds[piece.second - 1]);
        }
        return out;
    }
};

// The replacement of `p` as text and group numbers ("($1) $2" → "(",1 ") ",2), when its pattern
// is only groups of digits (`lengthsKnown`, at most 8 groups) and the replacement has no
// escape and each "$" is followed by one digit naming one of the groups (ICU would read
// "$12" as group 12 when there is one): false, and GlobalReplace, otherwise.
bool templateOf(PreparedFormat *p) {
    const hookline::DigitPattern *fast = p->pattern.fast();
    if (!p->lengthsKnown || fast == nullptr || !fast->digitGroups(&p->groupLeast, &p->groupMost)) return false;
    const size_t groups = p->groupLeast.size();
    int least = 0;
    int most = 0;
    for (size_t g = 0; g < groups; g++) {
        least += p->groupLeast[g];
        most += p->groupMost[g];
    }
    if (groups > 8 || least != p->minimumLength || most != p->maximumLength) return false;
    const std::string &r = p->replacement;
    std::string text;
    for (size_t i = 0; i < r.size(); i++) {
        if (r[i] == '\\') return false;
        if (r[i] != '$') {
            text.push_back(r[i]);
            continue;
        }
        if (i + 1 >= r.size() || r[i + 1] < '1' || r[i + 1] > '0' + int(groups)) return false;
        if (i + 2 < r.size() && r[i + 2] >= '0' && r[i + 2] <= '9') return false;
        p->pieces.emplace_back(text, r[i + 1] - '0');
        text.clear();
        i++;
    }
    p->pieces.emplace_back(text, 0);
    return true;
}

struct Formats {
    FormatList national;
    // Empty when the region has no international formats of its own: Format then uses the
    // national ones for INTERNATIONAL too.
    FormatList international;
    // FormatByPattern answers as Format for NATIONAL: every national prefix formatting rule
    // is already written out (no "$NP" or "$FG" for it to replace) and has a national prefix
    // behind it (it clears a rule where the region has none).
    bool nationalLikeFormat = true;
    // The national list with each format writing both forms in one replacement,
    // "{NATIONAL|INTERNATIONAL}" ("{$1-$2|$1 $2}"), or "{NATIONAL|#}" where the international
    // list has no format for that pattern; empty when the lists cannot be paired (see
    // `combine`). One FormatByPattern instead of two (~27 k instructions an accepted number).
    FormatList combined;
    // `combined`, each format prepared (`formatCombined`).
    std::vector<std::unique_ptr<PreparedFormat>> prepared;

    const FormatList &forInternational() const { return international.empty() ? national : international; }
};

// Characters the combined formats add; no format or rule of a combined list has any of them.
constexpr const char *kCombinedMarks = "{|}#";

// The last leading-digits pattern (the one ChooseFormattingPatternForNumber tries), or "".
const std::string &lastLeading(const NumberFormat &f) {
    static const std::string none;
    return f.leading_digits_pattern_size() > 0 ? f.leading_digits_pattern(f.leading_digits_pattern_size() - 1) : none;
}

// The shortest and longest digit strings the pattern matches whole when it is a sequence of
// capturing groups of "\\d" repeats ("(\\d{3})(\\d{3,4})", "(\\d)(\\d{2})", as most formats
// are; DigitPattern::digitGroups): a string of ASCII digits then matches exactly when its
// length is between the two. False for any other pattern.
bool groupLengths(const hookline::MetadataPattern &pattern, int *minimum, int *maximum) {
    std::vector<int> least;
    std::vector<int> most;
    if (pattern.fast() == nullptr || !pattern.fast()->digitGroups(&least, &most)) return false;
    int low = 0;
    int high = 0;
    for (size_t g = 0; g < least.size(); g++) {
        low += least[g];
        high += most[g];
    }
    if (low == 0) return false;
    *minimum = low;
    *maximum = high;
    return true;
}

// Pairs the national and the international lists into `Formats::combined`. ChooseFormattingPatternForNumber
// takes the first format whose last leading-digits pattern and whole pattern match: when every
// international format has, in order, the pattern and last leading-digits pattern of a national
// one (the metadata leaves out the "NA" ones, and copies the national list when no format has
// its own international form, which is then left empty), the national choice i names the
// international choice (i's partner; none when i has none, marked "#"; none when no national
// format matches). The national prefix formatting rule replaces the first "$n" of the format,
// which must then be in the national half.
void combine(Formats *f) {
    const FormatList &intl = f->forInternational();
    size_t j = 0;
    FormatList combined;
    for (const NumberFormat &nf : f->national) {
        const bool paired = j < size_t(intl.size()) && intl[int(j)].pattern() == nf.pattern() &&
                            lastLeading(intl[int(j)]) == lastLeading(nf);
        const std::string &nationalFormat = nf.format();
        const std::string &rule = nf.national_prefix_formatting_rule();
        bool firstGroupInNational = false;
        for (size_t k = 0; k + 1 < nationalFormat.size(); k++)
            if (nationalFormat[k] == '$' && nationalFormat[k + 1] >= '0' && nationalFormat[k + 1] <= '9') firstGroupInNational = true;
        if (!firstGroupInNational || nationalFormat.find_first_of(kCombinedMarks) != std::string::npos ||
            rule.find_first_of(kCombinedMarks) != std::string::npos ||
            (paired && intl[int(j)].format().find_first_of(kCombinedMarks) != std::string::npos))
            return;
        NumberFormat *c = combined.Add();
        *c = nf;
        c->set_format("{" + nationalFormat + "|" + (paired ? intl[int(j)].format() : std::string("#")) + "}");
        if (paired) j++;
    }
    if (j != size_t(intl.size())) return;
    f->combined.Swap(&combined);
    // FormatNsnUsingPattern for NATIONAL: the rule replaces the first "$n" of the format, by
    // the library's own first-group pattern.
    const RegExp &firstGroup = hookline::icuPatterns().GetRegExp("(\\$\\d)");
    for (const NumberFormat &c : f->combined) {
        auto p = std::make_unique<PreparedFormat>();
        p->hasLeading = c.leading_digits_pattern_size() > 0;
        p->leading.set(lastLeading(c));
        p->pattern.set(c.pattern());
        p->lengthsKnown = groupLengths(p->pattern, &p->minimumLength, &p->maximumLength);
        p->replacement = c.format();
        if (!c.national_prefix_formatting_rule().empty()) firstGroup.Replace(&p->replacement, c.national_prefix_formatting_rule());
        p->templated = templateOf(p.get());
        f->prepared.push_back(std::move(p));
    }
}

// FormatByPattern(number, NATIONAL, formats.combined) for a number of the list's calling code
// without an extension: ChooseFormattingPatternForNumber (the first format whose last
// leading-digits pattern matches at the start, if it has one, and whose pattern matches the
// whole national significant number), then FormatNsnUsingPattern's replacement; the number as
// it is when no format matches. Its rule needs no "$NP" or "$FG" (`nationalLikeFormat`), and
// NATIONAL adds no country code. PhoneFormatTests compares the forms with Format's.
std::string formatCombined(const Formats &formats, const std::string &nsn) {
    const int length = int(nsn.size());
    for (const std::unique_ptr<PreparedFormat> &p : formats.prepared) {
        // A format whose pattern cannot match the number is passed over whatever its leading
        // digits (ChooseFormattingPatternForNumber asks both, and regular expressions have no
        // side effects).
        if (p->lengthsKnown && (length < p->minimumLength || length > p->maximumLength)) continue;
        if (p->hasLeading && !p->leading.matchesAtStart(nsn)) continue;
        // Within a digit-group pattern's lengths the number (ASCII digits) matches it whole.
        if (!p->lengthsKnown && !p->pattern.fullMatch(nsn)) continue;
        if (p->templated) return p->apply(nsn);
        std::string formatted(nsn);
        p->pattern.icu().GlobalReplace(&formatted, p->replacement);
        return formatted;
    }
    return nsn;
}

// The NATIONAL and INTERNATIONAL forms from one FormatByPattern over the combined list: true
// when its answer has the shape one replacement of the whole number gives ("{…|…}", marks
// once each; a format that matched only part of the number would leave digits outside, or
// repeat the marks) and the chosen format has an international partner, or no format matched
// (the number written whole, "+CC " and it internationally). False: ask for each form alone.
bool formatBoth(const PhoneNumber &number, const Formats &formats, const std::string &nsn,
                std::string *international, std::string *national) {
    const std::string both = formatCombined(formats, nsn);
    if (both.find_first_of(kCombinedMarks) == std::string::npos) {
        if (both != nsn) return false;
        *national = nsn;
        international->assign("+");
        international->append(std::to_string(number.country_code()));
        international->append(" ");
        international->append(nsn);
        return true;
    }
    const size_t bar = both.find('|');
    if (both.size() < 3 || both.front() != '{' || both.back() != '}' || bar == std::string::npos ||
        both.find_first_of(kCombinedMarks, 1) != bar || both.find_first_of(kCombinedMarks, bar + 1) != both.size() - 1)
        return false;
    national->assign(both, 1, bar - 1);
    international->assign("+");
    international->append(std::to_string(number.country_code()));
    international->append(" ");
    international->append(both, bar + 1, both.size() - bar - 2);
    return true;
}

void keepRead(const FormatList &from, FormatList *to) {
    for (const NumberFormat &full : from) {
        NumberFormat *kept = to->Add();
        kept->set_pattern(full.pattern());
        kept->set_format(full.format());
        if (full.leading_digits_pattern_size() > 0)
            kept->add_leading_digits_pattern(full.leading_digits_pattern(full.leading_digits_pattern_size() - 1));
        if (full.has_national_prefix_formatting_rule())
            kept->set_national_prefix_formatting_rule(full.national_prefix_formatting_rule());
    }
}

// The formats of `id` ("001" with `code` for a non-geographic code), parsed from its entry.
std::unique_ptr<Formats> parseFormats(const std::string &id, int code) {
    if (const hookline::MetadataEntry *entry = hookline::metadataEntry(id, code)) {
        PhoneMetadata m;
        if (!m.ParseFromArray(entry->data, entry->size)) return nullptr;
        auto f = std::make_unique<Formats>();
        keepRead(m.number_format(), &f->national);
        keepRead(m.intl_number_format(), &f->international);
        for (const NumberFormat &nf : m.number_format()) {
            const std::string &rule = nf.national_prefix_formatting_rule();
            if (rule.empty()) continue;
            if (m.national_prefix().empty() || rule.find("$NP") != std::string::npos || rule.find("$FG") != std::string::npos)
                f->nationalLikeFormat = false;
        }
        if (f->nationalLikeFormat) combine(f.get());
        return f;
    }
    return nullptr;
}

// The format lists Format itself reads for `number`: those of the region
// GetRegionCodeForCountryCode names (all of +1 formats as the US does), or of the non-geographic
// code; null when the metadata could not be read (the caller then asks Format). Kept by calling
// code, which names that region for good (the metadata never changes): the region is asked once
// a code, not once a number (~4 k instructions).
const Formats *formatsFor(const PhoneNumberUtil *util, int code) {
    static std::mutex lock;
    static std::map<int, std::unique_ptr<Formats>> parsed;
    std::lock_guard<std::mutex> held(lock);
    auto it = parsed.find(code);
    if (it == parsed.end()) {
        std::string region;
        util->GetRegionCodeForCountryCode(code, &region);
        it = parsed.emplace(code, parseFormats(region, code)).first;
    }
    return it->second.get();
}

// E.164, INTERNATIONAL and NATIONAL as Format writes them, at less cost. Format copies the
// region's whole list of formats on every call (FormatNsnWithCarrier takes it by value, ~12 k
// instructions); FormatByPattern reads the same list by reference and otherwise runs the same
// steps (ChooseFormattingPatternForNumber, then FormatNsnUsingPattern with no carrier code).
// E164 is "+", the country code and GetNationalSignificantNumber (its leading zeros included),
// Format's own early exit. A number with an extension or raw input (neither comes from the
// digits this shim parses) goes to Format. PhoneFormatTests compares the three with Format.
void formatThree(const PhoneNumberUtil *util, const PhoneNumber &number, bool viaFormat, std::string *e164,
                 std::string *international, std::string *national) {
    const Formats *formats = viaFormat || number.has_extension() || number.has_raw_input() ? nullptr : formatsFor(util, number.country_code());
    if (formats == nullptr) {
        util->Format(number, PhoneNumberUtil::E164, e164);
        util->Format(number, PhoneNumberUtil::INTERNATIONAL, international);
        util->Format(number, PhoneNumberUtil::NATIONAL, national);
        return;
    }
    std::string nsn;
    util->GetNationalSignificantNumber(number, &nsn);
    e164->assign("+");
    e164->append(std::to_string(number.country_code()));
    e164->append(nsn);
    if (!formats->combined.empty() && formatBoth(number, *formats, nsn, international, national)) return;
    util->FormatByPattern(number, PhoneNumberUtil::INTERNATIONAL, formats->forInternational(), international);
    if (formats->nationalLikeFormat)
        util->FormatByPattern(number, PhoneNumberUtil::NATIONAL, formats->national, national);
    else
        util->Format(number, PhoneNumberUtil::NATIONAL, national);
}

// The fields of an accepted number past its region, type and validity: E.164, the groups
// of its two formats, and whether it was written as its region writes it.
void describe(const PhoneNumberUtil *util, const PhoneNumber &number, const std::string &input,
              const std::string &defaultRegion, const std::string &regionCode,
              PhoneNumberUtil::PhoneNumberType type, bool viaFormat, hookline_phone_result *out) {
    std::string e164;
    std::string international;
    std::string national;
    formatThree(util, number, viaFormat, &e164, &international, &national);
    copyOut(e164, out->e164, sizeof out->e164);
    copyOut(regionCode.empty() ? std::string("ZZ") : regionCode, out->region, sizeof out->region);
    out->type = mapType(type);
    out->international_group_count = digitGroups(international, out->international_groups, 8);
    out->national_group_count = digitGroups(national, out->national_groups, 8);
    // Written the way the region itself writes the number nationally (with or without its
    // trunk prefix)? "8643472494" read as German drops the trunk "0" every German writes.
    std::string nationalDigits;
    for (char c : national) if (c >= '0' && c <= '9') nationalDigits.push_back(c);
    std::string written;
    for (char c : input) if (c >= '0' && c <= '9') written.push_back(c);
    std::string ndd;
    util->GetNddPrefixForRegion(defaultRegion, true, &ndd);
    // India prints its trunk "0" in national formats, yet writes mobile numbers as ten bare
    // digits ("98765 43210"); there a number without the prefix is as written.
    bool bareIndianMobile = defaultRegion == "IN" && !ndd.empty() && nationalDigits.compare(0, ndd.size(), ndd) == 0 &&
                            written == nationalDigits.substr(ndd.size()) && type == PhoneNumberUtil::MOBILE;
    out->faithful = (input[0] == '+' || written == nationalDigits || written == ndd + nationalDigits || bareIndianMobile) ? 1 : 0;
}

// Parses `text` as written in `region` and hands the number to `accept`, which fills `out` and
// answers 1 (accepted) or 0; malformed input, a parse error or an exception answer 0. With
// `digitsFirst`, plain digits are parsed by parseDigits (digit_parse.cpp, Parse's answer
// without its generic extraction patterns); anything else, and the reference, by Parse.
template <typename Accept>
int withParsed(const char *text, size_t len, const char *region, bool digitsFirst, hookline_phone_result *out,
               Accept accept) {
    if (text == nullptr || out == nullptr || len == 0 || len > 64) return 0;
    try {
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        PhoneNumber number;
        std::string input(text, len);
        std::string defaultRegion(region != nullptr ? region : "US");
        int parsed = digitsFirst ? hookline::parseDigits(util, text, len, defaultRegion, &number) : -1;
        if (parsed < 0) parsed = util->Parse(input, defaultRegion, &number);
        if (parsed != PhoneNumberUtil::NO_PARSING_ERROR) return 0;
        return accept(util, number, input, defaultRegion);
    } catch (...) {
        return 0;
    }
}

// hookline_phone_validate_reference with the number type asked first. IsValidNumberForRegion
// for the region GetRegionCodeForNumber found is GetNumberTypeHelper(...) != UNKNOWN on that
// region's metadata (its country code check holds for a region found by the number's own
// code; "ZZ" has no metadata, and GetNumberType then says UNKNOWN), and GetNumberType runs the
// same helper on the same metadata, found the same way: so valid == (type != UNKNOWN), and an
// accepted number pays for the type patterns once instead of twice (~19 k instructions). The
// region and the type come from one walk over the calling code's regions (number_type.cpp),
// which GetNumberType and GetRegionCodeForNumber each made (for +1, each running the type
// patterns of the regions it tried).
int validateTypeFirst(const char *text, size_t len, const char *region, int allow_possible, hookline_phone_result *out) {
    return withParsed(text, len, region, true, out, [&](const PhoneNumberUtil *util, const PhoneNumber &number,
                                                        const std::string &input, const std::string &defaultRegion) {
        std::string regionCode;
        PhoneNumberUtil::PhoneNumberType type = PhoneNumberUtil::UNKNOWN;
        const bool walked = hookline::regionAndType(util, number, &regionCode, &type);
        if (!walked) type = util->GetNumberType(number);
        out->valid = type != PhoneNumberUtil::UNKNOWN ? 1 : 0;
        if (!out->valid && !(allow_possible && util->IsPossibleNumber(number))) return 0;
        if (!walked) util->GetRegionCodeForNumber(number, &regionCode);
        describe(util, number, input, defaultRegion, regionCode, type, false, out);
        return 1;
    });
}

// phoneRuledOut, which works out a country code's two-digit starts on its first use: no
// exception leaves a C function (none is expected; then the question is simply asked).
bool ruledOut(const char *text, size_t len, const char *region, int allow_possible) {
    try {
        return hookline::phoneRuledOut(text, len, region, allow_possible != 0);
    } catch (...) {
        return false;
    }
}

} // namespace

extern "C" void hookline_phone_init(void) {
    try {
        (void)PhoneNumberUtil::GetInstance();
        hookline::phonePlansLoad();
    } catch (...) {
    }
}

namespace {

// GetExampleNumberForType(region, FIXED_LINE) with the shim's parse (Parse's answer for the
// metadata's example digits, DigitParseTests), the library's where the shim leaves it to Parse.
bool exampleFixedLine(const PhoneNumberUtil *util, const std::string &region, PhoneNumber *example) {
    if (const hookline::MetadataEntry *entry = hookline::metadataEntry(region, 0)) {
        PhoneMetadata m;
        if (m.ParseFromArray(entry->data, entry->size) && m.fixed_line().has_example_number()) {
            const std::string &digits = m.fixed_line().example_number();
            const int parsed = hookline::parseDigits(util, digits.data(), digits.size(), region, example);
            if (parsed >= 0) return parsed == PhoneNumberUtil::NO_PARSING_ERROR;
        }
    }
    return util->GetExampleNumberForType(region, PhoneNumberUtil::FIXED_LINE, example);
}

} // namespace

extern "C" void hookline_phone_warm(const char *regions) {
    hookline_phone_init();
    if (regions == nullptr) return;
    try {
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        const std::string list(regions);
        size_t from = 0;
        while (from < list.size()) {
            size_t to = list.find(',', from);
            if (to == std::string::npos) to = list.size();
            const std::string region = list.substr(from, to - from);
            from = to + 1;
            hookline::phonePlanWarm(region.c_str());
            // A fixed-line number is typed last (GetNumberTypeHelper tries every other type
            // first), so asking about one compiles all of the region's type patterns. The
            // example is read and written by the shim's own parse and formats, which are what
            // the questions use: GetExampleNumberForType's Parse and Format would compile the
            // region's patterns a second time, in the library's cache (~0.9 M instructions).
            PhoneNumber example;
            if (!exampleFixedLine(util, region, &example)) continue;
            std::string national;
            std::string international;
            std::string e164;
            formatThree(util, example, false, &e164, &international, &national);
            std::string digits;
            for (char c : national)
                if (c >= '0' && c <= '9') digits.push_back(c);
            hookline_phone_result out;
            (void)validateTypeFirst(digits.data(), digits.size(), region.c_str(), 1, &out);
            (void)validateTypeFirst(e164.data(), e164.size(), region.c_str(), 1, &out);
        }
    } catch (...) {
    }
}

extern "C" int hookline_phone_validate(const char *text, size_t len, const char *region,
                                       int allow_possible, hookline_phone_result *out) {
    // Digits whose length fits no number of the country need no parse (region_plan.cpp).
    if (ruledOut(text, len, region, allow_possible)) return 0;
    return validateTypeFirst(text, len, region, allow_possible, out);
}

extern "C" int hookline_phone_ruled_out(const char *text, size_t len, const char *region, int allow_possible) {
    return ruledOut(text, len, region, allow_possible) ? 1 : 0;
}

extern "C" int hookline_phone_twin(const char *text, size_t len, const char *region, char out[4]) {
    const char *twin = hookline::phoneTwin(text, len, region);
    if (twin == nullptr || out == nullptr) return 0;
    copyOut(twin, out, 4);
    return 1;
}

extern "C" int hookline_phone_country_code(const char *region) {
    if (region == nullptr) return 0;
    try {
        return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region);
    } catch (...) {
        return 0;
    }
}

extern "C" size_t hookline_phone_regions(char *out, size_t cap) {
    const std::string list = hookline::phoneRegionList();
    if (out != nullptr && cap > 0) copyOut(list, out, cap);
    return list.size();
}

extern "C" int hookline_phone_validate_reference(const char *text, size_t len, const char *region,
                                                 int allow_possible, hookline_phone_result *out) {
    return withParsed(text, len, region, false, out, [&](const PhoneNumberUtil *util, const PhoneNumber &number,
                                                         const std::string &input, const std::string &defaultRegion) {
        // IsValidNumber is this pair (phonenumberutil.cc), and the region is written out
        // below: finding it once saves a walk over the calling code's regions (~23 k
        // instructions for +1, whose 25 regions are tried in turn).
        std::string regionCode;
        util->GetRegionCodeForNumber(number, &regionCode);
        out->valid = util->IsValidNumberForRegion(number, regionCode) ? 1 : 0;
        if (!out->valid && !(allow_possible && util->IsPossibleNumber(number))) return 0;
        describe(util, number, input, defaultRegion, regionCode, util->GetNumberType(number), true, out);
        return 1;
    });
}

extern "C" size_t hookline_phone_international_prefix(const char *region, char *out, size_t cap) {
    const std::string idd = hookline::phoneInternationalPrefix(region);
    if (out != nullptr && cap > 0) copyOut(idd, out, cap);
    return idd.size();
}

extern "C" size_t hookline_phone_formats(const char *text, size_t len, const char *region, int via_format, char *out,
                                         size_t cap) {
    std::string joined;
    hookline_phone_result unused;
    const int ok = withParsed(text, len, region, false, &unused, [&](const PhoneNumberUtil *util, const PhoneNumber &number,
                                                              const std::string &, const std::string &) {
        std::string e164;
        std::string international;
        std::string national;
        formatThree(util, number, via_format != 0, &e164, &international, &national);
        joined = e164 + '\n' + international + '\n' + national;
        return 1;
    });
    if (ok != 1) return 0;
    if (out != nullptr && cap > 0) copyOut(joined, out, cap);
    return joined.size();
}

extern "C" size_t hookline_phone_examples(char *out, size_t cap) {
    std::string list;
    try {
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        std::string e164;
        auto add = [&](const PhoneNumber &example) {
            util->Format(example, PhoneNumberUtil::E164, &e164);
            std::string region;
            util->GetRegionCodeForNumber(example, &region);
            if (!list.empty()) list += ",";
            list += region + e164;
        };
        std::set<std::string> regions;
        util->GetSupportedRegions(&regions);
        for (const std::string &region : regions) {
            for (int t = PhoneNumberUtil::FIXED_LINE; t <= PhoneNumberUtil::VOICEMAIL; t++) {
                PhoneNumber example;
                if (util->GetExampleNumberForType(region, PhoneNumberUtil::PhoneNumberType(t), &example)) add(example);
            }
        }
        std::set<int> codes;
        util->GetSupportedGlobalNetworkCallingCodes(&codes);
        for (int code : codes) {
            PhoneNumber example;
            if (util->GetExampleNumberForNonGeoEntity(code, &example)) add(example);
        }
    } catch (...) {
    }
    if (out != nullptr && cap > 0) copyOut(list, out, cap);
    return list.size();
}

// The ErrorType and, when it parsed, the number's serialised bytes; "-1" when parseDigits leaves
// the text to Parse.
static std::string parseAnswer(const char *text, size_t len, const char *region, bool viaParse) {
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const std::string defaultRegion(region);
    const int error =
        viaParse ? int(util->Parse(std::string(text, len), defaultRegion, &number)) : hookline::parseDigits(util, text, len, defaultRegion, &number);
    std::string answer = std::to_string(error);
    if (error == PhoneNumberUtil::NO_PARSING_ERROR) answer += ":" + number.SerializeAsString();
    return answer;
}

extern "C" int hookline_phone_parse_compare(const char *text, size_t len, const char *region) {
    if (text == nullptr || region == nullptr || len == 0 || len > 64) return 0;
    try {
        const std::string digits = parseAnswer(text, len, region, false);
        if (digits == "-1") return 2;
        if (digits != parseAnswer(text, len, region, true)) return 0;
        return digits[0] == '0' ? 3 : 1;
    } catch (...) {
        return 0;
    }
}

extern "C" int hookline_phone_format_compare(const char *digits, size_t len, int code, int counts[2]) {
    if (digits == nullptr || counts == nullptr || len == 0 || len > hookline::DigitPattern::kMaxLength) return 0;
    try {
        const Formats *formats = formatsFor(PhoneNumberUtil::GetInstance(), code);
        if (formats == nullptr) return 0;
        const std::string nsn(digits, len);
        for (const std::unique_ptr<PreparedFormat> &p : formats->prepared) {
            if (!p->templated) {
                counts[1]++;
                continue;
            }
            if (int(len) < p->minimumLength || int(len) > p->maximumLength) continue;
            std::string viaICU(nsn);
            p->pattern.icu().GlobalReplace(&viaICU, p->replacement);
            if (viaICU != p->apply(nsn)) return 0;
            counts[0]++;
        }
        return 1;
    } catch (...) {
        return 0;
    }
}

extern "C" int hookline_phone_version(void) { return 4; }
