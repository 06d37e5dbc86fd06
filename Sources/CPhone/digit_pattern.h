#ifndef HOOKLINE_DIGIT_PATTERN_H
#define HOOKLINE_DIGIT_PATTERN_H
#include <phonenumbers/regexp_adapter.h>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hookline {

/* A metadata pattern (number types, leading digits, formats) answered over ASCII digits without
 * ICU (digit_pattern.cpp). Each ICU question costs 2-4 k instructions to set up (a matcher, the
 * input as UTF-16); the number-type walk asks up to ten an accepted number. The metadata writes
 * its patterns with digits, "\d", digit classes, groups, alternation and counted repeats only;
 * such a pattern is compiled here, anything else is left to ICU. Whether a whole string, or
 * some start of it, is in a pattern's language is the same whatever the engine (no captures or
 * greediness are asked), and the matcher tracks every position at once, so its answers are
 * ICU's (DigitPatternTests, over every pattern of every region). */
class DigitPattern {
  public:
    /* Null when `pattern` uses anything beyond the subset. */
    static std::unique_ptr<const DigitPattern> compile(const std::string &pattern);

    /* Longest input the matcher takes (positions are bits of a 32-bit word). */
    static constexpr size_t kMaxLength = 30;

    /* The whole of `digits` (ASCII digits, at most kMaxLength) is in the language: FullMatch. */
    bool fullMatch(const char *digits, size_t length) const {
        return (ends(root_, 1u, digits, length) >> length) & 1u;
    }
    /* Some start of `digits` (the empty one included) is in the language: Consume at the start. */
    bool matchesAtStart(const char *digits, size_t length) const { return ends(root_, 1u, digits, length) != 0; }

    /* The number of capturing groups, and for a pattern that is only capturing groups of "\d"
     * repeats ("(\d{3})(\d{3,4})"), the least and most digits of each: false otherwise. */
    bool digitGroups(std::vector<int> *least, std::vector<int> *most) const;

  private:
    enum Kind : uint8_t { Digits, Sequence, Alternation, Repeat, Group };
    static constexpr uint16_t kUnbounded = 0xFFFF;
    struct Node {
        Kind kind;
        uint16_t digits = 0;              // Digits: the set of digits, bit d for digit d
        uint16_t least = 1, most = 1;     // Repeat: the bounds
        uint16_t first = 0;               // the digits a match that is not empty begins with
        bool nullable = false;            // whether the node matches the empty string
        std::vector<uint32_t> children;   // Sequence, Alternation: the parts; Repeat, Group: one
    };
    std::vector<Node> nodes_;
    uint32_t root_ = 0;

    uint32_t ends(uint32_t node, uint32_t starts, const char *digits, size_t length) const;
    void describe(uint32_t node);
    /* False when no match of `node` can begin at any of `starts` (a branch of an alternation
     * passed over without its walk). */
    bool mayBegin(const Node &node, uint32_t starts, const char *digits, size_t length) const {
        if (node.nullable) return true;
        uint32_t live = starts & ((1u << length) - 1);
        while (live != 0) {
            const int at = __builtin_ctz(live);
            live &= live - 1;
            if ((node.first >> (digits[at] - '0')) & 1u) return true;
        }
        return false;
    }
    friend class DigitPatternParser;
};

/* A metadata pattern, matched by DigitPattern over ASCII digits when it compiles there, else by
 * libphonenumber's ICU engine (compiled on first use and held). */
class MetadataPattern {
  public:
    MetadataPattern() = default;
    explicit MetadataPattern(const std::string &text) { set(text); }
    MetadataPattern(const MetadataPattern &) = delete;
    MetadataPattern &operator=(const MetadataPattern &) = delete;

    void set(const std::string &text);
    const std::string &text() const { return text_; }
    const DigitPattern *fast() const { return fast_.get(); }

    /* FullMatch, as RegexBasedMatcher asks it. */
    bool fullMatch(const std::string &input) const;
    /* Consume at the start of a new input, as the leading-digits questions ask it. */
    bool matchesAtStart(const std::string &input) const;
    /* The ICU form, for replacing. */
    const i18n::phonenumbers::RegExp &icu() const;

  private:
    std::string text_;
    std::unique_ptr<const DigitPattern> fast_;
    mutable std::atomic<const i18n::phonenumbers::RegExp *> regExp_{nullptr};
};

/* For the tests: 0 when `pattern` is left to ICU (or `digits` are not ASCII digits), -1 when
 * DigitPattern's answers for `digits` are not ICU's, else 1, plus 2 when the whole matches, plus
 * 4 when a start does (hookline_phone_pattern_compare). */
int comparePattern(const MetadataPattern &pattern, const std::string &digits);

} // namespace hookline
#endif
