#include "region_plan.h"
#include <phonenumbers/phonemetadata.pb.h>
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "metadata_access.h"

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;

// Most digit strings the scanner asks about are no number (table cells, amounts, codes), and
// each is asked for up to six countries at ~150 k instructions a question (Parse, then the
// region and validity). Most of them have a length no number of that country has, which the
// metadata says without a regular expression.
//
// Why the answer is then certainly "none": for ASCII digits without "+" and default region R,
// libphonenumber's Parse (ParseHelper) takes one of three paths:
//   1. the digits begin with R's international prefix (its IDD, a regular expression): the
//      country code follows, any country's. An IDD of plain digits ("00", "011"; most
//      regions have one) is read as the parse reads it (`iddRuledOut`): unless a "0" follows, the code
//      after it and the national number after the code are judged as in path 2, with the
//      lengths, starts and national prefixes of that code's main region. Any other IDD is not
//      ruled out here (digits beginning with one of the `askPrefixes`, the literal digits
//      each alternative of the IDD must begin with, or with one of the `askFirst` digits of an
//      alternative that begins otherwise);
//   2. they begin with R's own country code: it may be stripped (MaybeExtractCountryCode), and
//      then a national prefix of R (stripped there too) and one of the country code's main
//      region (stripped again in ParseHelper, which reads that region's metadata when it is
//      not R); the country code stays R's either way, so the candidate national numbers are
//      the rest less none, one or both of those plain-digit prefixes; digits after the code
//      that may begin a match of any other national prefix alternative are asked;
//   3. otherwise the country code is R's, and the national number is the digits, or the digits
//      less a national prefix that `national_prefix_for_parsing` consumes at their start (with
//      no transform rule; regions with one are never ruled out). An alternative of plain
//      digits ("0", "1", "8") leaves the digits less that prefix; digits that may begin a
//      match of any other alternative are asked, not ruled out.
// A valid number's national significant number (the same string, leading zeros kept) matches
// the general description of the region GetRegionCodeForNumber picks among those sharing the
// country code: IsNumberMatchingDesc asks that its length be one of that description's
// possible lengths and that its pattern match it whole, so one of the pattern's alternatives
// begins with its first digit and matches its length (`PatternShapes`, a superset); and
// GetNumberTypeHelper answers UNKNOWN unless one of that region's type descriptions (premium,
// toll-free, shared cost, VoIP, personal, pager, UAN, voicemail, fixed line, mobile) matches it
// too, so both can match a string of its length that begins with its first two digits
// (`PrefixReach`, exact for the syntax it reads). A merely possible one (allow_possible) has a
// possible or a local-only length of the country's main region. So when no candidate national
// number has a length and a start some region of the country code allows, the shim's answer is
// 0 whatever the other digits.
// RegionPlanTests compares this with the full answer over every region and a systematic set of
// strings (every length, every two-digit start, and every prefix the metadata names).
namespace {

// Longest national number whose first two digits are read (`Plan::validTwo`); longer ones are
// judged by their first digit alone.
constexpr int kTwoMax = 17;

struct Plan {
    bool usable = false;
    std::string countryCode;
    // The plain-digit alternatives of the national prefix for parsing ("0"): the parse may
    // strip one of them from digits beginning with it.
    std::vector<std::string> nationalPrefixes;
    // Digits beginning with one of these, or with one of the `npAskFirst` digits, may begin a
    // match of a national prefix alternative that is not plain digits (the path-2 strips).
    std::vector<std::string> npAskPrefixes;
    uint16_t npAskFirst = 0;
    // The plan of the region GetRegionCodeForCountryCode names for this country code (its
    // main country), whose national prefix ParseHelper strips after the code; -1 when not
    // known for certain (then digits beginning with the country code are asked).
    int main = -1;
    // The international prefix when it is plain digits ("00", "011"): digits beginning with it
    // are read by `iddRuledOut`, not asked by `askPrefixes`.
    std::string idd;
    // Digits beginning with one of these (the literal start of each alternative of an
    // international prefix that is not plain digits, or of a non-literal national prefix) or
    // with one of the `askFirst` digits (an alternative without a literal start) are always asked.
    std::vector<std::string> askPrefixes;
    uint16_t askFirst = 0;
    // validFirst[n] bit d: some region of the country code may have a valid number of length n
    // that begins with digit d (its general description's alternatives, by first digit and
    // length, within its possible lengths).
    uint16_t validFirst[32] = {};
    // The country code's `CodeStarts` in `Plans::codes`.
    int code = -1;
    // Bit n: ... a valid, possible or local-only one.
    uint32_t possibleLengths = 0;
    // The first region of the metadata that parses like this one (itself when none does), and
    // the first digits for which the two may part (the country code's, the national prefix's).
    int twin = -1;
    uint16_t twinAsk = 0x3FF;
    std::string id;
};

// The first characters a pattern can match, as digit bits; false when the pattern is beyond
// this small reader (an optional first atom, a class with non-digits, an empty alternative).
class FirstDigits {
public:
    explicit FirstDigits(const std::string &p) : p_(p) {}
    bool read(uint16_t *out) {
        size_t i = 0;
        if (!alternatives(&i, out)) return false;
        return i == p_.size();
    }

private:
    const std::string &p_;

    // Alternatives up to an unmatched ")" or the end; each must begin with a required atom.
    bool alternatives(size_t *i, uint16_t *out) {
        while (true) {
            uint16_t first = 0;
            if (!atom(i, &first)) return false;
            *out |= first;
            // Skip the rest of the alternative, balancing brackets.
            int depth = 0;
            bool inClass = false;
            while (*i < p_.size()) {
                char c = p_[*i];
                if (c == '\\') { *i += 2; continue; }
                if (inClass) { if (c == ']') inClass = false; ++*i; continue; }
                if (c == '[') { inClass = true; ++*i; continue; }
                if (c == '(') { depth++; ++*i; continue; }
                if (c == ')') { if (depth == 0) break; depth--; ++*i; continue; }
                if (c == '|' && depth == 0) break;
                ++*i;
            }
            if (*i < p_.size() && p_[*i] == '|') { ++*i; continue; }
            return true;
        }
    }

    // The first atom of an alternative and the digits it can begin with; it must not be
    // optional (followed by "?", "*" or "{0").
    bool atom(size_t *i, uint16_t *out) {
        if (*i >= p_.size()) return false;
        char c = p_[*i];
        if (c >= '0' && c <= '9') {
            *out |= 1 << (c - '0');
            ++*i;
        } else if (c == '\\' && *i + 1 < p_.size() && p_[*i + 1] == 'd') {
            *out |= 0x3FF;
            *i += 2;
        } else if (c == '[') {
            ++*i;
            if (*i < p_.size() && p_[*i] == '^') return false;
            while (*i < p_.size() && p_[*i] != ']') {
                char a = p_[*i];
                if (a == '\\' && *i + 1 < p_.size() && p_[*i + 1] == 'd') { *out |= 0x3FF; *i += 2; continue; }
                if (a < '0' || a > '9') return false;
                if (*i + 2 < p_.size() && p_[*i + 1] == '-') {
                    char b = p_[*i + 2];
                    if (b < a || b > '9') return false;
                    for (char d = a; d <= b; d++) *out |= 1 << (d - '0');
                    *i += 3;
                } else {
                    *out |= 1 << (a - '0');
                    ++*i;
                }
            }
            if (*i >= p_.size()) return false;
            ++*i;
        } else if (c == '(') {
            ++*i;
            if (p_.compare(*i, 2, "?:") == 0) *i += 2;
            if (!alternatives(i, out)) return false;
            if (*i >= p_.size() || p_[*i] != ')') return false;
            ++*i;
        } else {
            return false;
        }
        if (*i < p_.size() && (p_[*i] == '?' || p_[*i] == '*' || p_.compare(*i, 2, "{0") == 0)) return false;
        return true;
    }
};

// Each top-level alternative of a pattern as the digits it may begin with and the lengths it
// may match: a superset (an optional first atom may begin with any digit); false for syntax
// beyond this reader (anything but digits, \d, digit classes, groups, alternation and
// quantifiers).
// An atom that stands for one digit, as both pattern readers below take it: a digit, "\d", or a
// class of digits, ranges and "\d" ("[^...]" and anything else in a class are left to
// libphonenumber: malformed here). `other` for any other atom, `*i` unmoved.
enum class AtomRead { digits, other, malformed };

AtomRead readDigitAtom(const std::string &p, size_t *i, uint16_t *digits) {
    const char c = p[*i];
    if (c >= '0' && c <= '9') {
        *digits = uint16_t(1 << (c - '0'));
        ++*i;
        return AtomRead::digits;
    }
    if (c == '\\') {
        if (*i + 1 >= p.size() || p[*i + 1] != 'd') return AtomRead::malformed;
        *digits = 0x3FF;
        *i += 2;
        return AtomRead::digits;
    }
    if (c != '[') return AtomRead::other;
    ++*i;
    if (*i < p.size() && p[*i] == '^') return AtomRead::malformed;
    *digits = 0;
    while (*i < p.size() && p[*i] != ']') {
        const char x = p[*i];
        if (x == '\\' && *i + 1 < p.size() && p[*i + 1] == 'd') {
            *digits |= 0x3FF;
            *i += 2;
            continue;
        }
        if (x < '0' || x > '9') return AtomRead::malformed;
        if (*i + 2 < p.size() && p[*i + 1] == '-') {
            const char y = p[*i + 2];
            if (y < x || y > '9') return AtomRead::malformed;
            for (char d = x; d <= y; d++) *digits |= uint16_t(1 << (d - '0'));
            *i += 3;
        } else {
            *digits |= uint16_t(1 << (x - '0'));
            ++*i;
        }
    }
    if (*i >= p.size()) return AtomRead::malformed;
    ++*i;
    return AtomRead::digits;
}

// A quantifier after an atom, as both pattern readers below take it: "?", "*", "+", "{n}",
// "{n,}" or "{n,m}" (counts saturated at 1000), or none ({1,1}); `open` when unbounded above.
// False for a malformed brace or a lazy or possessive form (they match the same strings, but are
// left to libphonenumber). `*i` is moved past what was read.
struct Repeat {
    int min = 1;
    int max = 1;
    bool open = false;
};

bool readRepeat(const std::string &p, size_t *i, Repeat *r) {
    constexpr int kCap = 1000;
    *r = Repeat();
    if (*i >= p.size()) return true;
    const char c = p[*i];
    if (c == '?') {
        r->min = 0;
    } else if (c == '*') {
        r->min = 0;
        r->open = true;
    } else if (c == '+') {
        r->open = true;
    } else if (c == '{') {
        size_t j = *i + 1;
        int n = 0, m = 0;
        bool comma = false, haveM = false;
        if (j >= p.size() || p[j] < '0' || p[j] > '9') return false;
        while (j < p.size() && p[j] >= '0' && p[j] <= '9') n = std::min(kCap, n * 10 + (p[j++] - '0'));
        if (j < p.size() && p[j] == ',') {
            comma = true;
            j++;
            while (j < p.size() && p[j] >= '0' && p[j] <= '9') {
                m = std::min(kCap, m * 10 + (p[j++] - '0'));
                haveM = true;
            }
        }
        if (j >= p.size() || p[j] != '}') return false;
        *i = j;
        r->min = n;
        r->max = !comma ? n : m;
        r->open = comma && !haveM;
    } else {
        return true;
    }
    ++*i;
    return !(*i < p.size() && (p[*i] == '?' || p[*i] == '+'));
}

struct Shape {
    uint16_t first = 0;
    int min = 0;
    int max = 0;
};

class PatternShapes {
public:
    explicit PatternShapes(const std::string &p) : p_(p) {}
    bool read(std::vector<Shape> *out) {
        size_t i = 0;
        return alternatives(&i, out) && i == p_.size();
    }

private:
    static constexpr int kUnbounded = 1000;
    const std::string &p_;

    bool alternatives(size_t *i, std::vector<Shape> *out) {
        while (true) {
            Shape s;
            if (!sequence(i, &s)) return false;
            out->push_back(s);
            if (*i < p_.size() && p_[*i] == '|') {
                ++*i;
                continue;
            }
            return true;
        }
    }

    bool sequence(size_t *i, Shape *out) {
        bool begun = false;
        while (*i < p_.size() && p_[*i] != '|' && p_[*i] != ')') {
            Shape a;
            if (!atom(i, &a) || !quantifier(i, &a)) return false;
            if (!begun) out->first = a.min > 0 ? a.first : 0x3FF;
            begun = true;
            out->min += a.min;
            out->max = std::min(kUnbounded, out->max + a.max);
        }
        if (!begun) out->first = 0x3FF;
        return true;
    }

    bool atom(size_t *i, Shape *a) {
        a->min = a->max = 1;
        switch (readDigitAtom(p_, i, &a->first)) {
        case AtomRead::digits: return true;
        case AtomRead::malformed: return false;
        case AtomRead::other: break;
        }
        const char c = p_[*i];
        if (c == '(') {
            ++*i;
            if (p_.compare(*i, 2, "?:") == 0) *i += 2;
            std::vector<Shape> inner;
            if (!alternatives(i, &inner) || *i >= p_.size() || p_[*i] != ')') return false;
            ++*i;
            a->first = 0;
            a->min = kUnbounded;
            a->max = 0;
            for (const Shape &s : inner) {
                a->first |= s.first;
                a->min = std::min(a->min, s.min);
                a->max = std::max(a->max, s.max);
            }
            return true;
        }
        return false;
    }

    bool quantifier(size_t *i, Shape *a) {
        Repeat r;
        if (!readRepeat(p_, i, &r)) return false;
        a->min = std::min(kUnbounded, a->min * r.min);
        a->max = r.open ? kUnbounded : std::min(kUnbounded, a->max * r.max);
        return true;
    }
};

// Which strings of digits a pattern can match whole, by length and first two digits: for each
// position of a string, the set of two-digit starts (bit 10 * a + b) for which a match can have
// consumed exactly that many digits. A digit atom at position 0 keeps the starts whose first digit
// it allows, at position 1 those whose second, further on all of them (any digit may be there).
// Concatenation, alternation and repetition are exact on these sets (each position of the string
// is consumed by one atom), so a start absent at position n has no string of length n the pattern
// matches: exact for the syntax `PatternShapes` reads; false for anything beyond it.
class PrefixReach {
public:
    using Set = std::array<uint64_t, 2>;
    // Positions lo...hi may be reached (the others are empty): most patterns keep a narrow window.
    struct State {
        Set at[kTwoMax + 1] = {};
        int lo = kTwoMax + 1;
        int hi = -1;
    };

    explicit PrefixReach(const std::string &p) : p_(p) {}

    bool read(State *out) {
        State start;
        start.at[0] = all();
        start.lo = start.hi = 0;
        size_t i = 0;
        if (!alternatives(&i, start, out) || i != p_.size()) return false;
        return true;
    }

    static Set all() { return {~uint64_t(0), (uint64_t(1) << 36) - 1}; }
    static bool has(const Set &s, int bit) { return (s[bit >> 6] >> (bit & 63)) & 1; }

private:
    static constexpr int kUnbounded = 1000;
    const std::string &p_;

    static void orInto(State *a, const State &b) {
        for (int k = b.lo; k <= b.hi; k++) {
            a->at[k][0] |= b.at[k][0];
            a->at[k][1] |= b.at[k][1];
        }
        if (b.lo <= b.hi) {
            a->lo = std::min(a->lo, b.lo);
            a->hi = std::max(a->hi, b.hi);
        }
    }
    static bool empty(const State &s) { return s.lo > s.hi; }
    static bool same(const State &a, const State &b) {
        if (a.lo != b.lo || a.hi != b.hi) return false;
        for (int k = a.lo; k <= a.hi; k++)
            if (a.at[k] != b.at[k]) return false;
        return true;
    }
    // The starts whose digit at `place` (0 or 1) is in `digits`.
    static Set startsWith(int place, uint16_t digits) {
        static const auto masks = [] {
            std::array<std::array<Set, 10>, 2> m = {};
            for (int a = 0; a < 10; a++)
                for (int b = 0; b < 10; b++) {
                    const int bit = 10 * a + b;
                    m[0][a][bit >> 6] |= uint64_t(1) << (bit & 63);
                    m[1][b][bit >> 6] |= uint64_t(1) << (bit & 63);
                }
            return m;
        }();
        Set s = {0, 0};
        for (int d = 0; d < 10; d++)
            if (digits & (1 << d)) {
                s[0] |= masks[place][d][0];
                s[1] |= masks[place][d][1];
            }
        return s;
    }
    static State step(const State &in, uint16_t digits) {
        State out;
        if (digits == 0) return out;
        for (int k = in.lo; k <= in.hi && k < kTwoMax; k++) {
            Set next = in.at[k];
            if (k < 2) {
                const Set m = startsWith(k, digits);
                next[0] &= m[0];
                next[1] &= m[1];
            }
            if (!(next[0] | next[1])) continue;
            out.at[k + 1] = next;
            out.lo = std::min(out.lo, k + 1);
            out.hi = k + 1;
        }
        return out;
    }

    bool alternatives(size_t *i, const State &in, State *out) {
        *out = State();
        while (true) {
            State one;
            if (!sequence(i, in, &one)) return false;
            orInto(out, one);
            if (*i < p_.size() && p_[*i] == '|') {
                ++*i;
                continue;
            }
            return true;
        }
    }

    bool sequence(size_t *i, const State &in, State *out) {
        State cur = in;
        while (*i < p_.size() && p_[*i] != '|' && p_[*i] != ')') {
            const size_t atomAt = *i;
            State once;
            if (!atom(i, cur, &once)) return false;
            const size_t atomEnd = *i;
            int min = 1, max = 1;
            if (!quantifier(i, &min, &max)) return false;
            if (min == 1 && max == 1) {
                cur = once;
                continue;
            }
            const size_t after = *i;
            // Repeat the atom: `min` times, then up to `max` (or until nothing new is reached).
            State reach = cur;
            State acc;
            for (int k = 0; k < min; k++) {
                size_t j = atomAt;
                State next;
                if (!atom(&j, reach, &next) || j != atomEnd) return false;
                reach = next;
                if (empty(reach)) break;
            }
            acc = reach;
            for (int k = min; k < max && !empty(reach); k++) {
                size_t j = atomAt;
                State next;
                if (!atom(&j, reach, &next) || j != atomEnd) return false;
                reach = next;
                State before = acc;
                orInto(&acc, reach);
                if (max >= kUnbounded && same(before, acc)) break;
            }
            cur = acc;
            *i = after;
        }
        *out = cur;
        return true;
    }

    bool atom(size_t *i, const State &in, State *out) {
        if (*i >= p_.size()) return false;
        uint16_t digits = 0;
        switch (readDigitAtom(p_, i, &digits)) {
        case AtomRead::digits: *out = step(in, digits); return true;
        case AtomRead::malformed: return false;
        case AtomRead::other: break;
        }
        const char c = p_[*i];
        if (c == '(') {
            ++*i;
            if (p_.compare(*i, 2, "?:") == 0) *i += 2;
            if (!alternatives(i, in, out) || *i >= p_.size() || p_[*i] != ')') return false;
            ++*i;
            return true;
        }
        return false;
    }

    bool quantifier(size_t *i, int *min, int *max) {
        Repeat r;
        if (!readRepeat(p_, i, &r)) return false;
        *min = r.min;
        *max = r.open ? kUnbounded : r.max;
        return *max >= *min;
    }
};

// A number description as IsNumberMatchingDesc reads it: its pattern and its possible lengths.
struct Desc {
    std::string pattern;
    std::vector<int> lengths;
};

Desc descOf(const i18n::phonenumbers::PhoneNumberDesc &desc) {
    return Desc{desc.national_number_pattern(), std::vector<int>(desc.possible_length().begin(), desc.possible_length().end())};
}

// The two-digit starts of strings of each length that `desc` may match whole (IsNumberMatchingDesc:
// one of its possible lengths when it lists any, and its pattern; an empty pattern matches nothing).
// Every start for every listed length when the pattern is beyond `PrefixReach`.
void descReach(const Desc &desc, PrefixReach::State *out) {
    *out = PrefixReach::State();
    if (desc.pattern.empty()) return;
    PrefixReach::State reach;
    if (!PrefixReach(desc.pattern).read(&reach)) {
        for (int n = 0; n <= kTwoMax; n++) reach.at[n] = PrefixReach::all();
    }
    for (int n = 0; n <= kTwoMax; n++) {
        if (!desc.lengths.empty() && std::find(desc.lengths.begin(), desc.lengths.end(), n) == desc.lengths.end()) continue;
        out->at[n] = reach.at[n];
    }
}

// validTwo[n] bit 10 * a + b (n from 2 to kTwoMax): some region of the country code may have a
// valid number of length n that begins with the digits a, b (GetNumberTypeHelper: its general
// description and one of its type descriptions can match such a string, within their possible
// lengths). Finer than `Plan::validFirst`: Australia has eight-digit numbers beginning "13" but
// none beginning "19". Worked out on first use of the country code (or by `phonePlanWarm`),
// since all of them together cost ~100 M instructions, and kept.
struct CodeStarts {
    // Per region of the code: its general description, then its type descriptions.
    std::vector<std::vector<Desc>> regions;
    mutable std::once_flag once;
    mutable std::array<uint64_t, 2> validTwo[kTwoMax + 1] = {};

    const std::array<uint64_t, 2> *starts() const {
        std::call_once(once, [this] {
            for (const std::vector<Desc> &descs : regions) {
                if (descs.empty()) continue;
                PrefixReach::State general;
                descReach(descs[0], &general);
                PrefixReach::State typed;
                for (size_t k = 1; k < descs.size(); k++) {
                    PrefixReach::State one;
                    descReach(descs[k], &one);
                    for (int n = 0; n <= kTwoMax; n++) {
                        typed.at[n][0] |= one.at[n][0];
                        typed.at[n][1] |= one.at[n][1];
                    }
                }
                for (int n = 0; n <= kTwoMax; n++) {
                    validTwo[n][0] |= general.at[n][0] & typed.at[n][0];
                    validTwo[n][1] |= general.at[n][1] & typed.at[n][1];
                }
            }
        });
        return validTwo;
    }
};

// Calls `at(i, c, depth)` for each byte `c` of `p` that is neither escaped nor inside a class,
// with the group depth around it (a ")" already closed, a "(" not yet open); `at` returns false
// to stop. False when it stopped, or when `p` ends in a lone backslash.
template <typename F> bool eachStructural(const std::string &p, F at) {
    int depth = 0;
    bool inClass = false;
    for (size_t i = 0; i < p.size(); i++) {
        const char c = p[i];
        if (c == '\\') {
            if (++i >= p.size()) return false;
            continue;
        }
        if (inClass) {
            if (c == ']') inClass = false;
            continue;
        }
        if (c == '[') {
            inClass = true;
            continue;
        }
        if (c == ')') depth--;
        if (!at(i, c, depth)) return false;
        if (c == '(') depth++;
    }
    return true;
}

// The top-level alternatives of a pattern ("001[14-689]|14(?:...)0011" → two).
std::vector<std::string> alternativesOf(const std::string &p) {
    std::vector<std::string> out;
    size_t from = 0;
    const bool whole = eachStructural(p, [&](size_t i, char c, int depth) {
        if (c == '|' && depth == 0) {
            out.push_back(p.substr(from, i - from));
            from = i + 1;
        }
        return true;
    });
    if (whole) out.push_back(p.substr(from));
    return out;
}

// The literal digits a pattern's alternative must begin with ("001[14-689]" → "001"), empty
// when its first atom is no plain digit or is quantified.
std::string literalStart(const std::string &alternative) {
    std::string literal;
    for (size_t k = 0; k < alternative.size() && alternative[k] >= '0' && alternative[k] <= '9'; k++) {
        char next = k + 1 < alternative.size() ? alternative[k + 1] : '\0';
        if (next == '?' || next == '*' || next == '+' || next == '{') break;
        literal.push_back(alternative[k]);
    }
    return literal;
}

// A group that is the whole alternative, read inside ("(183[12])" of Australia's national
// prefix → "183[12]"); the alternative itself when it is anything else (a quantified group, a
// group with alternatives of its own, or no group).
std::string unwrapped(const std::string &alternative) {
    if (alternative.size() < 2 || alternative.front() != '(' || alternative.back() != ')') return alternative;
    const size_t last = alternative.size() - 1;
    const bool oneGroup = eachStructural(alternative, [&](size_t i, char c, int depth) {
        return !(c == ')' && depth == 0 && i != last);  // the first group closes before the end
    });
    if (!oneGroup) return alternative;
    std::string inner = alternative.substr(1, alternative.size() - 2);
    if (inner.compare(0, 2, "?:") == 0) inner = inner.substr(2);
    if (alternativesOf(inner).size() != 1) return alternative;
    return inner;
}

// Digits beginning with a match of `alternative` are asked: by its literal start, or else by
// its first digits. False for syntax beyond `FirstDigits`.
bool askFor(const std::string &alternative, std::vector<std::string> *starts, uint16_t *ask) {
    const std::string literal = literalStart(unwrapped(alternative));
    if (!literal.empty()) {
        starts->push_back(literal);
        return true;
    }
    return FirstDigits(alternative).read(ask);
}

bool allDigits(const std::string &s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Adds lengths to `mask`; false for a length the mask cannot hold (then nothing is ruled out).
bool addLengths(const google::protobuf::RepeatedField<int32_t> &lengths, uint32_t *mask) {
    for (int n : lengths) {
        if (n < 0 || n > 31) return false;
        *mask |= uint32_t(1) << n;
    }
    return true;
}

struct Plans {
    // Indexed by the two capital letters of a region code; -1 when libphonenumber has none.
    std::vector<int> index = std::vector<int>(26 * 26, -1);
    std::vector<Plan> plans;
    std::string regions;
    // Every country calling code of the metadata, geographic or not (ExtractCountryCode's).
    std::set<int> countryCodes;
    // By country calling code (below 1000): the plan of its main region (`Plan::main`), -1 for
    // a code without regions (the non-geographic "001" ones), without a known main region, or
    // no code at all; `known[code]` says which codes the metadata has.
    std::vector<int> mainByCode = std::vector<int>(1000, -1);
    std::vector<bool> known = std::vector<bool>(1000, false);
    std::vector<std::unique_ptr<CodeStarts>> codes;
};

Plans build() {
    Plans out;
    PhoneMetadataCollection collection;
    if (!collection.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size())) return out;
    struct Lengths {
        bool ok = true;
        uint16_t validFirst[32] = {};
        int code = -1;
        uint32_t possible = 0;
    };
    std::map<int, Lengths> byCode;
    for (const PhoneMetadata &m : collection.metadata()) {
        out.countryCodes.insert(m.country_code());
        Lengths &l = byCode[m.country_code()];
        const auto &general = m.general_desc();
        // No lengths listed means any length is checked against the pattern: rule nothing out.
        if (general.possible_length_size() == 0) l.ok = false;
        uint32_t valid = 0;
        l.ok = addLengths(general.possible_length(), &valid) && l.ok;
        std::vector<Shape> shapes;
        const bool shaped = PatternShapes(general.national_number_pattern()).read(&shapes);
        for (int n = 0; n < 32; n++) {
            if (!(valid & (uint32_t(1) << n))) continue;
            if (!shaped) l.validFirst[n] |= 0x3FF;
            for (const Shape &shape : shapes)
                if (shape.min <= n && n <= shape.max) l.validFirst[n] |= shape.first;
        }
        l.ok = addLengths(general.possible_length(), &l.possible) && l.ok;
        l.ok = addLengths(general.possible_length_local_only(), &l.possible) && l.ok;
        // GetNumberTypeHelper: the general description, then one of the types (else UNKNOWN).
        if (l.code < 0) {
            l.code = int(out.codes.size());
            out.codes.push_back(std::make_unique<CodeStarts>());
        }
        std::vector<Desc> descs{descOf(general)};
        for (const i18n::phonenumbers::PhoneNumberDesc *desc :
             {&m.premium_rate(), &m.toll_free(), &m.shared_cost(), &m.voip(), &m.personal_number(), &m.pager(), &m.uan(),
              &m.voicemail(), &m.fixed_line(), &m.mobile()})
            descs.push_back(descOf(*desc));
        out.codes[l.code]->regions.push_back(std::move(descs));
    }
    std::vector<const PhoneMetadata *> twinSource;
    for (const PhoneMetadata &m : collection.metadata()) {
        const std::string &id = m.id();
        if (id.size() != 2 || id[0] < 'A' || id[0] > 'Z' || id[1] < 'A' || id[1] > 'Z') continue;
        if (!out.regions.empty()) out.regions += ",";
        out.regions += id;
        Plan plan;
        plan.countryCode = std::to_string(m.country_code());
        const Lengths &l = byCode[m.country_code()];
        std::copy(l.validFirst, l.validFirst + 32, plan.validFirst);
        plan.code = l.code;
        plan.possibleLengths = l.possible;
        uint16_t ask = 0;
        bool ok = l.ok && !m.international_prefix().empty() && m.national_prefix_transform_rule().empty();
        if (allDigits(m.international_prefix())) {
            plan.idd = m.international_prefix();
        } else {
            for (const std::string &alternative : alternativesOf(m.international_prefix()))
                ok = ok && askFor(alternative, &plan.askPrefixes, &ask);
        }
        // A national prefix alternative of plain digits ("0" of Australia's "0|(183[12])") is
        // stripped or not; digits that may begin any other are asked.
        const std::string &npfp = m.national_prefix_for_parsing();
        if (!npfp.empty()) {
            for (const std::string &alternative : alternativesOf(npfp)) {
                if (!alternative.empty() && allDigits(alternative)) {
                    plan.nationalPrefixes.push_back(alternative);
                } else {
                    ok = ok && askFor(alternative, &plan.askPrefixes, &ask) &&
                         askFor(alternative, &plan.npAskPrefixes, &plan.npAskFirst);
                }
            }
        }
        plan.askFirst = ask;
        plan.usable = ok;
        plan.id = id;
        // Twins: same country code, international prefix, national prefix (for parsing and
        // as written) and no transform; India never (the shim's bare-mobile reading asks
        // for "IN" by name).
        uint16_t twinAsk = uint16_t(1 << (plan.countryCode[0] - '0'));
        plan.twin = int(out.plans.size());
        if (id != "IN" && m.national_prefix_transform_rule().empty() && (npfp.empty() || FirstDigits(npfp).read(&twinAsk))) {
            plan.twinAsk = twinAsk;
            for (size_t k = 0; k < out.plans.size(); k++) {
                const PhoneMetadata &other = *twinSource[k];
                if (other.country_code() == m.country_code() && other.international_prefix() == m.international_prefix() &&
                    other.national_prefix_for_parsing() == npfp && other.national_prefix() == m.national_prefix() &&
                    out.plans[k].twin == int(k) && out.plans[k].twinAsk == twinAsk) {
                    plan.twin = int(k);
                    break;
                }
            }
        }
        twinSource.push_back(&m);
        out.index[(id[0] - 'A') * 26 + (id[1] - 'A')] = int(out.plans.size());
        out.plans.push_back(plan);
    }
    // Each country code's main region: libphonenumber lists the one marked
    // main_country_for_code first; a code with one region has it. Anything else (no mark among
    // several, two marks) is left unknown.
    std::map<std::string, std::vector<int>> byCountryCode;
    std::map<std::string, std::vector<int>> marked;
    for (size_t k = 0; k < out.plans.size(); k++) {
        byCountryCode[out.plans[k].countryCode].push_back(int(k));
        if (twinSource[k]->main_country_for_code()) marked[out.plans[k].countryCode].push_back(int(k));
    }
    for (Plan &plan : out.plans) {
        const std::vector<int> &all = byCountryCode[plan.countryCode];
        const std::vector<int> &main = marked[plan.countryCode];
        if (all.size() == 1) plan.main = all[0];
        else if (main.size() == 1) plan.main = main[0];
        const int code = std::stoi(plan.countryCode);
        if (code > 0 && code < 1000) out.mainByCode[code] = plan.main;
    }
    for (int code : out.countryCodes)
        if (code > 0 && code < 1000) out.known[code] = true;
    return out;
}

const Plans &plans() {
    static const Plans built = build();
    return built;
}

} // namespace

namespace hookline {

namespace {

// Whether `nsn` (n digits) may be a national number of `plan`'s country code: a length and a
// start some region of the code allows (lengths and starts are the code's, in every plan of it).
bool mayBeNumber(const Plans &all, const Plan &plan, const char *nsn, size_t n, bool allowPossible) {
    if (allowPossible && (plan.possibleLengths & (uint32_t(1) << n))) return true;
    const std::array<uint64_t, 2> *validTwo = plan.code >= 0 ? all.codes[plan.code]->starts() : nullptr;
    if (n >= 2 && n <= size_t(kTwoMax) && validTwo != nullptr)
        return PrefixReach::has(validTwo[n], 10 * (nsn[0] - '0') + (nsn[1] - '0'));
    return (plan.validFirst[n] & (1 << (nsn[0] - '0'))) != 0;
}

bool startsWith(const char *s, size_t n, const std::string &p) { return n > p.size() && p.compare(0, p.size(), s, p.size()) == 0; }

// Whether a match of a national prefix alternative of `p` that is not plain digits may begin here.
bool otherPrefixMayBegin(const Plan &p, const char *s, size_t n) {
    if (p.npAskFirst & (1 << (s[0] - '0'))) return true;
    for (const std::string &start : p.npAskPrefixes)
        if (n >= start.size() && start.compare(0, start.size(), s, start.size()) == 0) return true;
    return false;
}

// True when the national number after a country code (`main` its main region, whose national
// prefixes the parse strips or not) may still be a number, or is not known not to be one.
bool mayFollowCode(const Plans &all, const Plan &main, const char *s, size_t n, bool allowPossible) {
    if (n == 0) return false;
    if (otherPrefixMayBegin(main, s, n) || mayBeNumber(all, main, s, n, allowPossible)) return true;
    for (const std::string &prefix : main.nationalPrefixes)
        if (startsWith(s, n, prefix) && mayBeNumber(all, main, s + prefix.size(), n - prefix.size(), allowPossible))
            return true;
    return false;
}

// Path 1 for a plain-digit international prefix: `rest` (the digits after it, the first not
// "0") is a country code and its national number. ParsePrefixAsIdd strips the prefix unless a
// "0" follows; MaybeExtractCountryCode then answers TOO_SHORT_AFTER_IDD for two digits or
// fewer, and INVALID_COUNTRY_CODE_ERROR when no code of the metadata begins them
// (ExtractCountryCode tries one, two and three digits); else the number has that code, and
// ParseHelper strips a national prefix of the code's main region or not (as in path 2).
// A non-geographic code ("800") or one without a known main region is asked.
bool iddRuledOut(const Plans &all, const char *rest, size_t n, bool allowPossible) {
    if (n <= 2) return true;
    int code = 0;
    for (size_t i = 0; i < 3; i++) {
        code = code * 10 + (rest[i] - '0');
        if (!all.known[code]) continue;
        const int main = all.mainByCode[code];
        if (main < 0 || !all.plans[main].usable) return false;
        return !mayFollowCode(all, all.plans[main], rest + i + 1, n - i - 1, allowPossible);
    }
    return true;
}

} // namespace

bool phoneRuledOut(const char *text, size_t len, const char *region, bool allowPossible) {
    if (text == nullptr || region == nullptr || len == 0 || len > 31) return false;
    if (region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' || region[1] > 'Z' || region[2] != '\0') return false;
    const Plans &all = plans();
    int at = all.index[(region[0] - 'A') * 26 + (region[1] - 'A')];
    if (at < 0) return false;
    const Plan &plan = all.plans[at];
    if (!plan.usable) return false;
    for (size_t i = 0; i < len; i++)
        if (text[i] < '0' || text[i] > '9') return false;
    if (plan.askFirst & (1 << (text[0] - '0'))) return false;
    for (const std::string &start : plan.askPrefixes)
        if (len >= start.size() && start.compare(0, start.size(), text, start.size()) == 0) return false;
    // Path 1: the international prefix, unless a "0" follows it (then read as below).
    const std::string &idd = plan.idd;
    if (!idd.empty() && len >= idd.size() && idd.compare(0, idd.size(), text, idd.size()) == 0 &&
        (len == idd.size() || text[idd.size()] != '0'))
        return iddRuledOut(all, text + idd.size(), len - idd.size(), allowPossible);
    // The national number the parse may leave: the digits, or the digits less a literal prefix.
    if (mayBeNumber(all, plan, text, len, allowPossible)) return false;
    for (const std::string &prefix : plan.nationalPrefixes)
        if (len > prefix.size() && prefix.compare(0, prefix.size(), text, prefix.size()) == 0 &&
            mayBeNumber(all, plan, text + prefix.size(), len - prefix.size(), allowPossible))
            return false;
    // Path 2: the country code stripped, then a national prefix of this region and one of the
    // main region's, each stripped or not.
    const std::string &cc = plan.countryCode;
    if (len < cc.size() || cc.compare(0, cc.size(), text, cc.size()) != 0) return true;
    if (plan.main < 0 || !all.plans[plan.main].usable) return false;
    const Plan &main = all.plans[plan.main];
    const char *rest = text + cc.size();
    const size_t restLen = len - cc.size();
    if (restLen == 0) return true;
    if (otherPrefixMayBegin(plan, rest, restLen) || mayFollowCode(all, main, rest, restLen, allowPossible)) return false;
    for (const std::string &prefix : plan.nationalPrefixes)
        if (startsWith(rest, restLen, prefix) &&
            mayFollowCode(all, main, rest + prefix.size(), restLen - prefix.size(), allowPossible))
            return false;
    return true;
}

// Twins: Canada's answer for "4165550199" is America's, since both parse it the same way. The
// default region enters Parse (see above) through its international prefix, its country code
// (path 2, and the general description it tests there), its national prefix for parsing and
// transform rule (path 3; its general description and lengths only once a prefix was
// consumed), and after an international prefix only through the country found. The shim adds
// the national prefix as written ("faithful") and India's bare mobiles. So two regions with the
// same country code, international prefix, national prefixes and no transform parse digits that
// begin with neither the country code's first digit nor one a national prefix may begin with
// into the same number, and every field of the shim's answer is the same.
//
// "+" and digits beginning with a country code the metadata has: the plus is consumed before the
// default region's international prefix is looked at, ExtractCountryCode finds the code, and
// the rest reads the metadata of the code's own region (the same object when the default region
// is that one), so Parse gives the same number whatever the default region; the shim's answer
// then uses the default region only for the trunk prefix and India's bare mobiles, both behind
// `faithful`, which is 1 for "+". Every region is such a number's twin: the first is named.
// (Not so without a known code: Parse then retries the digits as national ones, "+0044…" read
// through the default region's "00".)
const char *phoneTwin(const char *text, size_t len, const char *region) {
    if (text == nullptr || region == nullptr || len == 0) return nullptr;
    if (region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' || region[1] > 'Z' || region[2] != '\0') return nullptr;
    const Plans &all = plans();
    if (text[0] == '+') {
        if (len < 2 || all.plans.empty() || all.index[(region[0] - 'A') * 26 + (region[1] - 'A')] < 0) return nullptr;
        for (size_t i = 1; i < len; i++)
            if (text[i] < '0' || text[i] > '9') return nullptr;
        if (text[1] == '0') return nullptr;
        int code = 0;
        for (size_t i = 1; i < len && i <= 3; i++) {
            code = code * 10 + (text[i] - '0');
            if (all.countryCodes.count(code) != 0) return all.plans[0].id.c_str();
        }
        return nullptr;
    }
    int at = all.index[(region[0] - 'A') * 26 + (region[1] - 'A')];
    if (at < 0) return nullptr;
    const Plan &plan = all.plans[at];
    if (plan.twin < 0 || text[0] < '0' || text[0] > '9' || (plan.twinAsk & (1 << (text[0] - '0')))) return nullptr;
    for (size_t i = 1; i < len; i++)
        if (text[i] < '0' || text[i] > '9') return nullptr;
    return all.plans[plan.twin].id.c_str();
}

std::string phoneRegionList() { return plans().regions; }

std::string phoneInternationalPrefix(const char *region) {
    if (region == nullptr || region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' || region[1] > 'Z' || region[2] != '\0') return "";
    const Plans &all = plans();
    const int at = all.index[(region[0] - 'A') * 26 + (region[1] - 'A')];
    return at >= 0 ? all.plans[at].idd : "";
}

void phonePlansLoad() { (void)plans(); }

void phonePlanWarm(const char *region) {
    if (region == nullptr || region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' || region[1] > 'Z' || region[2] != '\0') return;
    const Plans &all = plans();
    const int at = all.index[(region[0] - 'A') * 26 + (region[1] - 'A')];
    if (at >= 0 && all.plans[at].code >= 0) (void)all.codes[all.plans[at].code]->starts();
}

} // namespace hookline
