#include "hookline_phone.h"
#include <phonenumbers/phonemetadata.pb.h>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "digit_pattern.h"
#include "metadata_index.h"

// The test face of DigitPattern: every pattern of one region's metadata, each asked by
// DigitPattern and by ICU.

using i18n::phonenumbers::NumberFormat;
using i18n::phonenumbers::PhoneMetadata;

namespace {

using Patterns = std::vector<std::unique_ptr<hookline::MetadataPattern>>;

// Every pattern of the region's metadata that the shim asks: the number types', the region's
// leading digits, and each format's pattern and leading-digits patterns (national and
// international); null when the metadata cannot be read. Kept by region for the tests' run.
const Patterns *patternsOf(const std::string &region, int code) {
    static std::mutex lock;
    static std::map<std::pair<std::string, int>, std::unique_ptr<Patterns>> known;
    std::lock_guard<std::mutex> held(lock);
    const auto key = std::make_pair(region, code);
    auto it = known.find(key);
    if (it != known.end()) return it->second.get();
    std::unique_ptr<Patterns> patterns;
    if (const hookline::MetadataEntry *entry = hookline::metadataEntry(region, code)) {
        PhoneMetadata m;
        if (m.ParseFromArray(entry->data, entry->size)) {
            patterns = std::make_unique<Patterns>();
            auto add = [&](const std::string &text) {
                if (!text.empty()) patterns->push_back(std::make_unique<hookline::MetadataPattern>(text));
            };
            for (const auto *desc : {&m.general_desc(), &m.fixed_line(), &m.mobile(), &m.toll_free(), &m.premium_rate(),
                                     &m.shared_cost(), &m.personal_number(), &m.voip(), &m.pager(), &m.uan(), &m.voicemail()})
                add(desc->national_number_pattern());
            add(m.leading_digits());
            for (const auto *list : {&m.number_format(), &m.intl_number_format()}) {
                for (const NumberFormat &f : *list) {
                    add(f.pattern());
                    for (const std::string &leading : f.leading_digits_pattern()) add(leading);
                }
            }
        }
    }
    return known.emplace(key, std::move(patterns)).first->second.get();
}

} // namespace

extern "C" int hookline_phone_pattern_compare(const char *digits, size_t len, const char *region, int code, int counts[4]) {
    if (digits == nullptr || region == nullptr || counts == nullptr) return 0;
    try {
        const Patterns *patterns = patternsOf(region, code);
        if (patterns == nullptr) return 0;
        const std::string input(digits, len);
        for (const auto &pattern : *patterns) {
            const int answer = hookline::comparePattern(*pattern, input);
            if (answer < 0) return 0;
            if (answer == 0) {
                counts[3]++;
                continue;
            }
            counts[0]++;
            if (answer & 2) counts[1]++;
            if (answer & 4) counts[2]++;
        }
        return 1;
    } catch (...) {
        return 0;
    }
}

extern "C" int hookline_phone_pattern_text_compare(const char *pattern, const char *digits, size_t len) {
    if (pattern == nullptr || digits == nullptr) return -1;
    try {
        const hookline::MetadataPattern compiled{std::string(pattern)};
        return hookline::comparePattern(compiled, std::string(digits, len));
    } catch (...) {
        return -1;
    }
}
