#include "number_type.h"
#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/regexp_adapter.h>
#include <phonenumbers/regexp_cache.h>
#include <algorithm>
#include <atomic>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "digit_pattern.h"
#include "icu_patterns.h"
#include "metadata_index.h"

// GetNumberType finds the number's region with GetRegionCodeForNumber and then runs
// GetNumberTypeHelper on that region's metadata; the shim asked GetRegionCodeForNumber again to
// write the region out. For a calling code shared by several regions (+1's 25, +7, +44, ...) the
// region is found by running GetNumberTypeHelper on each region in turn (or its leading-digits
// pattern, where it has one): an American number paid for the type patterns three times (~20 k
// instructions each). Here the walk is libphonenumber's own, written once: the region list is
// GetRegionCodesForCountryCallingCode's, each region's type descriptions are its metadata's (from
// the same compiled-in collection), and each pattern is asked what its RegexBasedMatcher asks
// (FullMatch; leading digits by Consume, a match at the start), answered by DigitPattern
// (digit_pattern.cpp, ICU's answers: DigitPatternTests) or by the library's ICU adapter. The type found on the way is the one GetNumberType would compute again on the same
// metadata and digits. ValidateOrderTests holds the answers to libphonenumber's own, field for
// field, over every region.

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberDesc;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

// A number description and its pattern, compiled when the calling code is first read and then
// held here; matched by DigitPattern (no ICU matcher set up for each question: ~2-4 k
// instructions each, up to ten an accepted number), by ICU where the pattern is beyond it.
struct Described {
    PhoneNumberDesc desc;
    hookline::MetadataPattern pattern;

    Described &operator=(const PhoneNumberDesc &from) {
        desc = from;
        pattern.set(desc.national_number_pattern());
        return *this;
    }
};

// What GetNumberTypeHelper and the region walk read of one region's metadata.
struct TypeDescriptions {
    Described general, premium, tollFree, sharedCost, voip, personal, pager, uan, voicemail, fixedLine, mobile;
    bool sameMobileAndFixedLine = false;
    bool hasLeadingDigits = false;
    hookline::MetadataPattern leadingDigits;
};

// IsNumberMatchingDesc: one of the description's possible lengths (when it lists any), and
// its pattern matching the whole number (RegexBasedMatcher: an empty pattern matches nothing).
bool matches(const std::string &nsn, const Described &described) {
    const PhoneNumberDesc &desc = described.desc;
    if (desc.possible_length_size() > 0 &&
        std::find(desc.possible_length().begin(), desc.possible_length().end(), int(nsn.size())) == desc.possible_length().end())
        return false;
    if (desc.national_number_pattern().empty()) return false;
    return described.pattern.fullMatch(nsn);
}

// GetNumberTypeHelper, its order of questions.
PhoneNumberUtil::PhoneNumberType typeIn(const std::string &nsn, const TypeDescriptions &m) {
    if (!matches(nsn, m.general)) return PhoneNumberUtil::UNKNOWN;
    if (matches(nsn, m.premium)) return PhoneNumberUtil::PREMIUM_RATE;
    if (matches(nsn, m.tollFree)) return PhoneNumberUtil::TOLL_FREE;
    if (matches(nsn, m.sharedCost)) return PhoneNumberUtil::SHARED_COST;
    if (matches(nsn, m.voip)) return PhoneNumberUtil::VOIP;
    if (matches(nsn, m.personal)) return PhoneNumberUtil::PERSONAL_NUMBER;
    if (matches(nsn, m.pager)) return PhoneNumberUtil::PAGER;
    if (matches(nsn, m.uan)) return PhoneNumberUtil::UAN;
    if (matches(nsn, m.voicemail)) return PhoneNumberUtil::VOICEMAIL;
    if (matches(nsn, m.fixedLine)) {
        if (m.sameMobileAndFixedLine) return PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
        if (matches(nsn, m.mobile)) return PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
        return PhoneNumberUtil::FIXED_LINE;
    }
    if (!m.sameMobileAndFixedLine && matches(nsn, m.mobile)) return PhoneNumberUtil::MOBILE;
    return PhoneNumberUtil::UNKNOWN;
}

std::unique_ptr<TypeDescriptions> parseDescriptions(const std::string &id, int code) {
    const hookline::MetadataEntry *entry = hookline::metadataEntry(id, code);
    if (entry == nullptr) return nullptr;
    PhoneMetadata m;
    if (!m.ParseFromArray(entry->data, entry->size)) return nullptr;
    auto d = std::make_unique<TypeDescriptions>();
    d->general = m.general_desc();
    d->premium = m.premium_rate();
    d->tollFree = m.toll_free();
    d->sharedCost = m.shared_cost();
    d->voip = m.voip();
    d->personal = m.personal_number();
    d->pager = m.pager();
    d->uan = m.uan();
    d->voicemail = m.voicemail();
    d->fixedLine = m.fixed_line();
    d->mobile = m.mobile();
    d->sameMobileAndFixedLine = m.same_mobile_and_fixed_line_pattern();
    d->hasLeadingDigits = m.has_leading_digits();
    d->leadingDigits.set(m.leading_digits());
    return d;
}

// One calling code's regions, in GetRegionCodesForCountryCallingCode's order, with their type
// descriptions ("001" for a non-geographic code, whose metadata is the code's); `readable` is
// false when a region's metadata could not be read.
struct CallingCode {
    std::vector<std::string> regions;
    std::vector<std::unique_ptr<TypeDescriptions>> descriptions;
    bool readable = true;
};

// Kept by calling code, parsed on the code's first number (the metadata never changes).
const CallingCode &callingCode(const PhoneNumberUtil *util, int code) {
    static std::mutex lock;
    static std::map<int, std::unique_ptr<CallingCode>> known;
    std::lock_guard<std::mutex> held(lock);
    auto it = known.find(code);
    if (it != known.end()) return *it->second;
    auto c = std::make_unique<CallingCode>();
    std::list<std::string> regions;
    util->GetRegionCodesForCountryCallingCode(code, &regions);
    for (const std::string &region : regions) {
        c->regions.push_back(region);
        c->descriptions.push_back(parseDescriptions(region, code));
        if (!c->descriptions.back()) c->readable = false;
    }
    return *known.emplace(code, std::move(c)).first->second;
}

} // namespace

namespace hookline {

bool regionAndType(const PhoneNumberUtil *util, const PhoneNumber &number, std::string *region,
                   PhoneNumberUtil::PhoneNumberType *type) {
    const CallingCode &code = callingCode(util, number.country_code());
    if (!code.readable) return false;
    *type = PhoneNumberUtil::UNKNOWN;
    // No region: "ZZ", which has no metadata, and GetNumberType answers UNKNOWN.
    if (code.regions.empty()) {
        region->assign("ZZ");
        return true;
    }
    std::string nsn;
    util->GetNationalSignificantNumber(number, &nsn);
    if (code.regions.size() == 1) {
        region->assign(code.regions.front());
        *type = typeIn(nsn, *code.descriptions.front());
        return true;
    }
    // GetRegionCodeForNumberFromRegionList: the first region whose leading digits begin the
    // number, or, for one without, whose types know it; else "ZZ" (UNKNOWN).
    for (size_t i = 0; i < code.regions.size(); i++) {
        const TypeDescriptions &d = *code.descriptions[i];
        if (d.hasLeadingDigits) {
            if (d.leadingDigits.matchesAtStart(nsn)) {
                region->assign(code.regions[i]);
                *type = typeIn(nsn, d);
                return true;
            }
        } else {
            const PhoneNumberUtil::PhoneNumberType found = typeIn(nsn, d);
            if (found != PhoneNumberUtil::UNKNOWN) {
                region->assign(code.regions[i]);
                *type = found;
                return true;
            }
        }
    }
    region->assign("ZZ");
    return true;
}

} // namespace hookline
