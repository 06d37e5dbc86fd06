#include "digit_parse.h"
#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/regexp_adapter.h>
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "digit_pattern.h"
#include "icu_patterns.h"
#include "metadata_index.h"

// Parse (ParseHelper) for the text the scanner asks about, ASCII digits with at most one "+"
// before them, without the steps whose answer such text decides before they run (~87 k of the
// ~140 k instructions an accepted number cost, most of it in ICU matching):
//   - ExtractPossibleNumber: a digit or "+" is a valid start character, a digit at the end is
//     no unwanted end character, and the "second number" pattern needs a "/" or "\";
//   - IsViablePhoneNumber: three or more digits, "+" or not, match its pattern whole (two
//     digits or fewer are asked of Parse);
//   - MaybeStripExtension: every extension pattern needs a label, "#", ";" or ",";
//   - Normalize: no letters to map and every character is an ASCII digit already, so the
//     alphabetic and non-digit patterns change nothing; ParsePrefixAsIdd's first digit after
//     the prefix is the next character.
// What depends on the region is done as ParseHelper does it, in its order, with the same
// metadata (the compiled-in collection, read through metadata_index) and the same ICU engine
// and patterns (icu_patterns.h; the general description's by DigitPattern, whose answers are
// ICU's): the international prefix, the country code of the default region at the start,
// MaybeStripNationalPrefixAndCarrierCode, TestNumberLength and the lengths. Two changes of
// order that cannot change an answer (regular expressions have no side effects): the national
// prefix is matched before the general pattern is asked about the original number, which only
// matters when the prefix matched; and the calling codes' regions are looked up once each.
// DigitParseTests compares every answer, error and number byte for byte, with Parse's over
// every region.
using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberDesc;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::RegExp;
using i18n::phonenumbers::RegExpInput;

namespace {

// PhoneNumberUtil's private constants (phonenumberutil.h).
constexpr size_t kMinLengthForNsn = 2;
constexpr size_t kMaxLengthForNsn = 17;
constexpr int kMaxLengthCountryCode = 3;

// What ParseHelper reads of one region's (or non-geographic code's) metadata.
struct Plan {
    int countryCode = 0;
    std::string countryCodeDigits;
    const RegExp *internationalPrefix = nullptr;
    // Null when the metadata has no national prefix for parsing.
    const RegExp *nationalPrefix = nullptr;
    std::string transformRule;
    // The international prefix and the national prefix for parsing when they are plain digits
    // ("011", "0"; most are), else empty: such a pattern matches at the start of digits exactly
    // when they begin with it, and one without a group captures no carrier code (Consume with
    // an output fails on it, as the library's does), so a comparison gives the pattern's answer.
    std::string internationalDigits;
    std::string nationalDigits;
    // The general description's pattern, matched by DigitPattern (ICU where it cannot):
    // asked up to four times a parse, by ICU ~2.7 k instructions each. `hasGeneral` is false
    // when there is none (RegexBasedMatcher: no match).
    bool hasGeneral = false;
    hookline::MetadataPattern general;
    std::vector<int> possibleLengths;
    std::vector<int> localOnlyLengths;
};

bool plainDigits(const std::string &pattern) {
    return !pattern.empty() && std::all_of(pattern.begin(), pattern.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::unique_ptr<Plan> readPlan(const std::string &id, int code) {
    const hookline::MetadataEntry *entry = hookline::metadataEntry(id, code);
    if (entry == nullptr) return nullptr;
    PhoneMetadata m;
    if (!m.ParseFromArray(entry->data, entry->size)) return nullptr;
    const PhoneNumberDesc &general = m.general_desc();
    // TestNumberLength reads the first possible length unchecked: a description without one
    // is left to Parse.
    if (general.possible_length_size() == 0) return nullptr;
    auto plan = std::make_unique<Plan>();
    plan->countryCode = m.country_code();
    plan->countryCodeDigits = std::to_string(m.country_code());
    plan->internationalPrefix = &hookline::icuPatterns().GetRegExp(m.international_prefix());
    if (!m.national_prefix_for_parsing().empty())
        plan->nationalPrefix = &hookline::icuPatterns().GetRegExp(m.national_prefix_for_parsing());
    plan->transformRule = m.national_prefix_transform_rule();
    if (plainDigits(m.international_prefix())) plan->internationalDigits = m.international_prefix();
    if (plainDigits(m.national_prefix_for_parsing()) && plan->transformRule.empty())
        plan->nationalDigits = m.national_prefix_for_parsing();
    if (!general.national_number_pattern().empty()) {
        plan->hasGeneral = true;
        plan->general.set(general.national_number_pattern());
    }
    plan->possibleLengths.assign(general.possible_length().begin(), general.possible_length().end());
    plan->localOnlyLengths.assign(general.possible_length_local_only().begin(), general.possible_length_local_only().end());
    return plan;
}

std::mutex plansLock;

// GetMetadataForRegionOrCallingCode: the region's plan, or the non-geographic code's for "001";
// null when the metadata has none (or it could not be read). Read on first use, kept for the
// life of the process (the metadata never changes).
const Plan *planFor(const std::string &id, int code) {
    static std::map<std::pair<std::string, int>, std::unique_ptr<Plan>> plans;
    const std::pair<std::string, int> key(id, id == "001" ? code : 0);
    std::lock_guard<std::mutex> held(plansLock);
    auto it = plans.find(key);
    if (it == plans.end()) it = plans.emplace(key, readPlan(id, code)).first;
    return it->second.get();
}

// GetRegionCodeForCountryCode ("ZZ" for a code no region has), asked once a code.
const std::string &regionForCode(const PhoneNumberUtil *util, int code) {
    static std::array<std::unique_ptr<std::string>, 1000> regions;
    static const std::string unknown("ZZ");
    if (code <= 0 || code >= 1000) return unknown;
    std::lock_guard<std::mutex> held(plansLock);
    if (!regions[size_t(code)]) {
        auto name = std::make_unique<std::string>();
        util->GetRegionCodeForCountryCode(code, name.get());
        regions[size_t(code)] = std::move(name);
    }
    return *regions[size_t(code)];
}

// RegexBasedMatcher::MatchNationalNumber without prefix matches: the whole number.
bool isMatch(const std::string &number, const Plan &plan) { return plan.hasGeneral && plan.general.fullMatch(number); }

enum class Length { possible, possibleLocalOnly, invalidLength, tooShort, tooLong };

// TestNumberLength for the general description (PhoneNumberType UNKNOWN).
Length testNumberLength(const std::string &number, const Plan &plan) {
    const std::vector<int> &possible = plan.possibleLengths;
    if (possible.front() == -1) return Length::invalidLength;
    const int actual = int(number.size());
    if (std::find(plan.localOnlyLengths.begin(), plan.localOnlyLengths.end(), actual) != plan.localOnlyLengths.end())
        return Length::possibleLocalOnly;
    const int minimum = possible.front();
    if (minimum == actual) return Length::possible;
    if (minimum > actual) return Length::tooShort;
    if (possible.back() < actual) return Length::tooLong;
    return std::find(possible.begin() + 1, possible.end(), actual) != possible.end() ? Length::possible : Length::invalidLength;
}

// MaybeStripNationalPrefixAndCarrierCode (no carrier code is kept: Parse keeps none), its calls
// in its order, except that the general pattern is asked about the original number only once
// the prefix has matched (the only case that reads the answer).
void stripNationalPrefix(const Plan &plan, std::string *number) {
    if (number->empty() || plan.nationalPrefix == nullptr) return;
    if (!plan.nationalDigits.empty()) {
        if (number->compare(0, plan.nationalDigits.size(), plan.nationalDigits) != 0) return;
        const std::string rest = number->substr(plan.nationalDigits.size());
        if (isMatch(*number, plan) && !isMatch(rest, plan)) return;
        number->assign(rest);
        return;
    }
    const hookline::RegExpInputPtr numberCopy(hookline::icuFactory().CreateInput(*number));
    const hookline::RegExpInputPtr numberCopyWithoutTransform(hookline::icuFactory().CreateInput(*number));
    std::string numberStringCopy(*number);
    std::string carrierCode;
    std::string capturedPartOfPrefix;
    const RegExp &prefix = *plan.nationalPrefix;
    if (!plan.transformRule.empty() &&
        (prefix.Consume(numberCopy.get(), &carrierCode, &capturedPartOfPrefix) ||
         prefix.Consume(numberCopy.get(), &capturedPartOfPrefix)) &&
        !capturedPartOfPrefix.empty()) {
        prefix.Replace(&numberStringCopy, plan.transformRule);
        if (isMatch(*number, plan) && !isMatch(numberStringCopy, plan)) return;
        number->assign(numberStringCopy);
    } else if (prefix.Consume(numberCopyWithoutTransform.get(), &carrierCode) ||
               prefix.Consume(numberCopyWithoutTransform.get())) {
        const std::string rest = numberCopyWithoutTransform->ToString();
        if (isMatch(*number, plan) && !isMatch(rest, plan)) return;
        number->assign(rest);
    }
}

// ExtractCountryCode: the shortest start of one to three digits that is a calling code some
// region has, taken off the number; 0 (the number unchanged) when there is none.
int extractCountryCode(const PhoneNumberUtil *util, std::string *number) {
    if (number->empty() || (*number)[0] == '0') return 0;
    int code = 0;
    for (int i = 1; i <= kMaxLengthCountryCode; i++) {
        // safe_strto32 of the first i characters: a shorter number gives the code just tried.
        if (size_t(i) <= number->size()) code = code * 10 + ((*number)[size_t(i) - 1] - '0');
        if (regionForCode(util, code) != "ZZ") {
            number->erase(0, size_t(i) <= number->size() ? size_t(i) : number->size());
            return code;
        }
    }
    return 0;
}

// MaybeExtractCountryCode for digits (the "+", when there is one, already taken off and
// `plus` set): its ErrorType, with `countryCode` set on NO_PARSING_ERROR (0: none written).
int extractCountry(const PhoneNumberUtil *util, const Plan &region, bool plus, std::string *number, int *countryCode) {
    bool international = plus;
    if (!plus && !number->empty()) {
        // ParsePrefixAsIdd: the prefix is taken off unless a "0" follows it.
        bool consumed = false;
        std::string after;
        const std::string &idd = region.internationalDigits;
        if (!idd.empty()) {
            consumed = number->compare(0, idd.size(), idd) == 0;
            if (consumed) after = number->substr(idd.size());
        } else {
            const hookline::RegExpInputPtr rest(hookline::icuFactory().CreateInput(*number));
            consumed = region.internationalPrefix->Consume(rest.get());
            if (consumed) after = rest->ToString();
        }
        if (consumed && (after.empty() || after[0] != '0')) {
            number->assign(after);
            international = true;
        }
    }
    if (international) {
        if (number->size() <= kMinLengthForNsn) return PhoneNumberUtil::TOO_SHORT_AFTER_IDD;
        const int code = extractCountryCode(util, number);
        if (code == 0) return PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR;
        *countryCode = code;
        return PhoneNumberUtil::NO_PARSING_ERROR;
    }
    const std::string &digits = region.countryCodeDigits;
    if (number->compare(0, digits.size(), digits) == 0 && number->size() >= digits.size()) {
        std::string potential = number->substr(digits.size());
        stripNationalPrefix(region, &potential);
        if ((!isMatch(*number, region) && isMatch(potential, region)) || testNumberLength(*number, region) == Length::tooLong) {
            number->assign(potential);
            *countryCode = region.countryCode;
            return PhoneNumberUtil::NO_PARSING_ERROR;
        }
    }
    *countryCode = 0;
    return PhoneNumberUtil::NO_PARSING_ERROR;
}

} // namespace

namespace hookline {

int parseDigits(const PhoneNumberUtil *util, const char *text, size_t len, const std::string &defaultRegion,
                PhoneNumber *out) {
    if (text == nullptr || len == 0) return -1;
    const bool plus = text[0] == '+';
    const size_t first = plus ? 1 : 0;
    // Two digits or fewer: IsViablePhoneNumber's patterns are left to Parse.
    if (len - first < 3) return -1;
    for (size_t i = first; i < len; i++)
        if (text[i] < '0' || text[i] > '9') return -1;
    // CheckRegionForParsing and GetMetadataForRegion: a region the metadata has ("001" is none).
    if (defaultRegion == "001") return -1;
    const Plan *regionPlan = planFor(defaultRegion, 0);
    if (regionPlan == nullptr) return -1;

    std::string national(text + first, len - first);
    int countryCode = 0;
    int error = extractCountry(util, *regionPlan, plus, &national, &countryCode);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
        // ParseHelper: a "+" before no known code is taken off, and the digits read again.
        if (error != PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR || !plus) return error;
        national.assign(text + first, len - first);
        countryCode = 0;
        (void)extractCountry(util, *regionPlan, false, &national, &countryCode);
        if (countryCode == 0) return PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR;
    }
    const Plan *plan = regionPlan;
    if (countryCode != 0) {
        const std::string &region = regionForCode(util, countryCode);
        if (region != defaultRegion) {
            plan = planFor(region, countryCode);
            if (plan == nullptr) return -1;
        }
    } else {
        countryCode = regionPlan->countryCode;
    }
    if (national.size() < kMinLengthForNsn) return PhoneNumberUtil::TOO_SHORT_NSN;
    std::string potential(national);
    stripNationalPrefix(*plan, &potential);
    const Length length = testNumberLength(potential, *plan);
    if (length != Length::tooShort && length != Length::possibleLocalOnly && length != Length::invalidLength)
        national.swap(potential);
    if (national.size() < kMinLengthForNsn) return PhoneNumberUtil::TOO_SHORT_NSN;
    if (national.size() > kMaxLengthForNsn) return PhoneNumberUtil::TOO_LONG_NSN;

    PhoneNumber number;
    number.set_country_code(countryCode);
    // SetItalianLeadingZerosForPhoneNumber: the last digit is never counted as a leading zero.
    if (national.size() > 1 && national[0] == '0') {
        number.set_italian_leading_zero(true);
        size_t zeros = 1;
        while (zeros < national.size() - 1 && national[zeros] == '0') zeros++;
        if (zeros != 1) number.set_number_of_leading_zeros(int(zeros));
    }
    uint64_t value = 0;
    for (char c : national) value = value * 10 + uint64_t(c - '0');
    number.set_national_number(value);
    out->Swap(&number);
    return PhoneNumberUtil::NO_PARSING_ERROR;
}

} // namespace hookline
