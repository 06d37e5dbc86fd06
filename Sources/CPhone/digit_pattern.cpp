#include "digit_pattern.h"

#include "icu_patterns.h"

namespace hookline {

// Reads a pattern of the subset into DigitPattern's nodes: alternation of sequences of atoms (a
// digit, "\d", a class of digits and digit ranges, a group "(...)" or "(?:...)"), each atom
// with at most one greedy quantifier ("?", "*", "+", "{n}", "{n,}", "{n,m}"). Anything else
// (another character, an escape, a negated class, a lazy or possessive quantifier) fails the
// whole pattern, which then stays with ICU.
class DigitPatternParser {
  public:
    DigitPatternParser(const std::string &text, DigitPattern *out) : p_(text), out_(out) {}

    bool parse() {
        uint32_t root = 0;
        if (!alternation(&root, 0) || i_ != p_.size()) return false;
        out_->root_ = root;
        return true;
    }

  private:
    const std::string &p_;
    DigitPattern *out_;
    size_t i_ = 0;

    uint32_t add(DigitPattern::Kind kind, std::vector<uint32_t> children) {
        DigitPattern::Node node;
        node.kind = kind;
        node.children = std::move(children);
        out_->nodes_.push_back(std::move(node));
        return uint32_t(out_->nodes_.size() - 1);
    }
    uint32_t addDigits(uint16_t set) {
        const uint32_t id = add(DigitPattern::Digits, {});
        out_->nodes_[id].digits = set;
        return id;
    }
    bool more() const { return i_ < p_.size(); }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    bool alternation(uint32_t *node, int depth) {
        if (depth > 32) return false;
        std::vector<uint32_t> branches;
        uint32_t branch = 0;
        if (!sequence(&branch, depth)) return false;
        branches.push_back(branch);
        while (more() && p_[i_] == '|') {
            i_++;
            if (!sequence(&branch, depth)) return false;
            branches.push_back(branch);
        }
        *node = branches.size() == 1 ? branches[0] : add(DigitPattern::Alternation, std::move(branches));
        return true;
    }

    bool sequence(uint32_t *node, int depth) {
        std::vector<uint32_t> parts;
        while (more() && p_[i_] != '|' && p_[i_] != ')') {
            uint32_t atom = 0;
            if (!this->atom(&atom, depth) || !quantifier(&atom)) return false;
            parts.push_back(atom);
        }
        *node = parts.size() == 1 ? parts[0] : add(DigitPattern::Sequence, std::move(parts));
        return true;
    }

    bool atom(uint32_t *node, int depth) {
        const char c = p_[i_];
        if (isDigit(c)) {
            i_++;
            *node = addDigits(uint16_t(1u << (c - '0')));
            return true;
        }
        if (c == '\\') {
            if (i_ + 1 >= p_.size() || p_[i_ + 1] != 'd') return false;
            i_ += 2;
            *node = addDigits(0x3FF);
            return true;
        }
        if (c == '[') return digitClass(node);
        if (c != '(') return false;
        i_++;
        const bool capturing = p_.compare(i_, 2, "?:") != 0;
        if (!capturing) i_ += 2;
        else if (more() && p_[i_] == '?') return false;
        uint32_t inner = 0;
        if (!alternation(&inner, depth + 1) || !more() || p_[i_] != ')') return false;
        i_++;
        *node = capturing ? add(DigitPattern::Group, {inner}) : inner;
        return true;
    }

    bool digitClass(uint32_t *node) {
        i_++;
        uint16_t set = 0;
        bool any = false;
        while (more() && p_[i_] != ']') {
            const char c = p_[i_];
            if (c == '\\') {
                if (i_ + 1 >= p_.size() || p_[i_ + 1] != 'd') return false;
                set |= 0x3FF;
                i_ += 2;
            } else if (isDigit(c)) {
                char last = c;
                if (i_ + 2 < p_.size() && p_[i_ + 1] == '-' && p_[i_ + 2] != ']') {
                    last = p_[i_ + 2];
                    if (!isDigit(last) || last < c) return false;
                    i_ += 3;
                } else {
                    i_++;
                }
                for (char d = c; d <= last; d++) set |= uint16_t(1u << (d - '0'));
            } else {
                return false;
            }
            any = true;
        }
        if (!more() || !any) return false;
        i_++;
        *node = addDigits(set);
        return true;
    }

    bool number(uint32_t *value) {
        const size_t from = i_;
        *value = 0;
        while (more() && isDigit(p_[i_]) && i_ - from < 4) *value = *value * 10 + uint32_t(p_[i_++] - '0');
        return i_ > from && !(more() && isDigit(p_[i_]));
    }

    bool quantifier(uint32_t *node) {
        if (!more()) return true;
        uint32_t least = 0;
        uint32_t most = 0;
        switch (p_[i_]) {
        case '?': least = 0, most = 1, i_++; break;
        case '*': least = 0, most = DigitPattern::kUnbounded, i_++; break;
        case '+': least = 1, most = DigitPattern::kUnbounded, i_++; break;
        case '{':
            i_++;
            if (!number(&least)) return false;
            most = least;
            if (more() && p_[i_] == ',') {
                i_++;
                if (more() && p_[i_] == '}') most = DigitPattern::kUnbounded;
                else if (!number(&most) || most < least) return false;
            }
            if (!more() || p_[i_] != '}') return false;
            i_++;
            break;
        default: return true;
        }
        if (least > 64 || (most != DigitPattern::kUnbounded && most > 64)) return false;
        // A lazy or possessive mark, or a second quantifier: left to ICU.
        if (more() && (p_[i_] == '?' || p_[i_] == '+' || p_[i_] == '*' || p_[i_] == '{')) return false;
        const uint32_t id = add(DigitPattern::Repeat, {*node});
        out_->nodes_[id].least = uint16_t(least);
        out_->nodes_[id].most = uint16_t(most);
        *node = id;
        return true;
    }
};

std::unique_ptr<const DigitPattern> DigitPattern::compile(const std::string &pattern) {
    auto compiled = std::make_unique<DigitPattern>();
    DigitPatternParser parser(pattern, compiled.get());
    if (!parser.parse()) return nullptr;
    compiled->describe(compiled->root_);
    return compiled;
}

// Each node's first digits and whether it matches the empty string (children before parents).
void DigitPattern::describe(uint32_t id) {
    for (uint32_t child : nodes_[id].children) describe(child);
    Node &node = nodes_[id];
    switch (node.kind) {
    case Digits:
        node.first = node.digits;
        node.nullable = false;
        break;
    case Sequence:
        node.nullable = true;
        for (uint32_t child : node.children) {
            node.first |= nodes_[child].first;
            if (!nodes_[child].nullable) {
                node.nullable = false;
                break;
            }
        }
        break;
    case Alternation:
        for (uint32_t child : node.children) {
            node.first |= nodes_[child].first;
            node.nullable = node.nullable || nodes_[child].nullable;
        }
        break;
    case Group:
    case Repeat:
        node.first = nodes_[node.children[0]].first;
        node.nullable = nodes_[node.children[0]].nullable || (node.kind == Repeat && node.least == 0);
        break;
    }
}

// The positions (bit i: after i digits) where a match of `node` begun at one of `starts` can
// end. Every position is followed at once, so no alternative is lost to another's success and
// nothing is tried twice from the same place.
uint32_t DigitPattern::ends(uint32_t id, uint32_t starts, const char *digits, size_t length) const {
    const Node &node = nodes_[id];
    switch (node.kind) {
    case Digits: {
        uint32_t out = 0;
        uint32_t live = starts & ((1u << length) - 1);
        while (live != 0) {
            const int at = __builtin_ctz(live);
            live &= live - 1;
            if ((node.digits >> (digits[at] - '0')) & 1u) out |= 2u << at;
        }
        return out;
    }
    case Sequence:
        for (uint32_t child : node.children) {
            starts = ends(child, starts, digits, length);
            if (starts == 0) return 0;
        }
        return starts;
    case Alternation: {
        uint32_t out = 0;
        for (uint32_t child : node.children)
            if (mayBegin(nodes_[child], starts, digits, length)) out |= ends(child, starts, digits, length);
        return out;
    }
    case Group: return ends(node.children[0], starts, digits, length);
    case Repeat: {
        uint32_t current = starts;
        for (uint32_t k = 0; k < node.least; k++) {
            current = ends(node.children[0], current, digits, length);
            if (current == 0) return 0;
        }
        // A position first reached after k repeats can go on for more repeats than when reached
        // again later, so only new positions are carried on.
        uint32_t all = current;
        for (uint32_t k = node.least; node.most == kUnbounded || k < node.most; k++) {
            current = ends(node.children[0], current, digits, length) & ~all;
            if (current == 0) break;
            all |= current;
        }
        return all;
    }
    }
    return 0;
}

bool DigitPattern::digitGroups(std::vector<int> *least, std::vector<int> *most) const {
    least->clear();
    most->clear();
    const Node &root = nodes_[root_];
    const std::vector<uint32_t> single{root_};
    const std::vector<uint32_t> &parts = root.kind == Sequence ? root.children : single;
    for (uint32_t part : parts) {
        const Node &group = nodes_[part];
        if (group.kind != Group) return false;
        const Node &inner = nodes_[group.children[0]];
        const Node &digit = inner.kind == Repeat ? nodes_[inner.children[0]] : inner;
        if (digit.kind != Digits || digit.digits != 0x3FF) return false;
        if (inner.kind == Repeat && inner.most == kUnbounded) return false;
        least->push_back(inner.kind == Repeat ? inner.least : 1);
        most->push_back(inner.kind == Repeat ? inner.most : 1);
    }
    return !parts.empty();
}

namespace {

bool asciiDigits(const std::string &input) {
    if (input.size() > DigitPattern::kMaxLength) return false;
    for (char c : input)
        if (c < '0' || c > '9') return false;
    return true;
}

} // namespace

void MetadataPattern::set(const std::string &text) {
    text_ = text;
    fast_ = DigitPattern::compile(text);
}

const i18n::phonenumbers::RegExp &MetadataPattern::icu() const { return compiledOnce(&regExp_, text_); }

bool MetadataPattern::fullMatch(const std::string &input) const {
    if (fast_ && asciiDigits(input)) return fast_->fullMatch(input.data(), input.size());
    return icu().FullMatch(input);
}

bool MetadataPattern::matchesAtStart(const std::string &input) const {
    if (fast_ && asciiDigits(input)) return fast_->matchesAtStart(input.data(), input.size());
    const RegExpInputPtr in(icuFactory().CreateInput(input));
    return icu().Consume(in.get());
}

int comparePattern(const MetadataPattern &pattern, const std::string &digits) {
    const DigitPattern *fast = pattern.fast();
    if (fast == nullptr || !asciiDigits(digits)) return 0;
    const bool full = pattern.icu().FullMatch(digits);
    const RegExpInputPtr in(icuFactory().CreateInput(digits));
    const bool start = pattern.icu().Consume(in.get());
    if (full != fast->fullMatch(digits.data(), digits.size()) || start != fast->matchesAtStart(digits.data(), digits.size()))
        return -1;
    return 1 + (full ? 2 : 0) + (start ? 4 : 0);
}

} // namespace hookline
