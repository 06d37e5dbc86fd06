#include "hookline_phone.h"
#include "region_plan.h"
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/phonenumber.pb.h>
#include <cstring>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

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

// The fields of an accepted number past its region, type and validity: E.164, the groups
// of its two formats, and whether it was written as its region writes it.
void describe(const PhoneNumberUtil *util, const PhoneNumber &number, const std::string &input,
              const std::string &defaultRegion, const std::string &regionCode,
              PhoneNumberUtil::PhoneNumberType type, hookline_phone_result *out) {
    std::string e164;
    util->Format(number, PhoneNumberUtil::E164, &e164);
    copyOut(e164, out->e164, sizeof out->e164);
    copyOut(regionCode.empty() ? std::string("ZZ") : regionCode, out->region, sizeof out->region);
    out->type = mapType(type);
    std::string international;
    util->Format(number, PhoneNumberUtil::INTERNATIONAL, &international);
    out->international_group_count = digitGroups(international, out->international_groups, 8);
    std::string national;
    util->Format(number, PhoneNumberUtil::NATIONAL, &national);
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
// answers 1 (accepted) or 0; malformed input, a parse error or an exception answer 0.
template <typename Accept>
int withParsed(const char *text, size_t len, const char *region, hookline_phone_result *out, Accept accept) {
    if (text == nullptr || out == nullptr || len == 0 || len > 64) return 0;
    try {
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        PhoneNumber number;
        std::string input(text, len);
        std::string defaultRegion(region != nullptr ? region : "US");
        if (util->Parse(input, defaultRegion, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return 0;
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
// region is looked up only for a number that is accepted.
int validateTypeFirst(const char *text, size_t len, const char *region, int allow_possible, hookline_phone_result *out) {
    return withParsed(text, len, region, out, [&](const PhoneNumberUtil *util, const PhoneNumber &number,
                                                  const std::string &input, const std::string &defaultRegion) {
        const PhoneNumberUtil::PhoneNumberType type = util->GetNumberType(number);
        out->valid = type != PhoneNumberUtil::UNKNOWN ? 1 : 0;
        if (!out->valid && !(allow_possible && util->IsPossibleNumber(number))) return 0;
        std::string regionCode;
        util->GetRegionCodeForNumber(number, &regionCode);
        describe(util, number, input, defaultRegion, regionCode, type, out);
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
            // first), so asking about one compiles all of the region's type patterns.
            PhoneNumber example;
            if (!util->GetExampleNumberForType(region, PhoneNumberUtil::FIXED_LINE, &example)) continue;
            std::string national;
            std::string e164;
            util->Format(example, PhoneNumberUtil::NATIONAL, &national);
            util->Format(example, PhoneNumberUtil::E164, &e164);
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
    return withParsed(text, len, region, out, [&](const PhoneNumberUtil *util, const PhoneNumber &number,
                                                  const std::string &input, const std::string &defaultRegion) {
        // IsValidNumber is this pair (phonenumberutil.cc), and the region is written out
        // below: finding it once saves a walk over the calling code's regions (~23 k
        // instructions for +1, whose 25 regions are tried in turn).
        std::string regionCode;
        util->GetRegionCodeForNumber(number, &regionCode);
        out->valid = util->IsValidNumberForRegion(number, regionCode) ? 1 : 0;
        if (!out->valid && !(allow_possible && util->IsPossibleNumber(number))) return 0;
        describe(util, number, input, defaultRegion, regionCode, util->GetNumberType(number), out);
        return 1;
    });
}

extern "C" size_t hookline_phone_international_prefix(const char *region, char *out, size_t cap) {
    const std::string idd = hookline::phoneInternationalPrefix(region);
    if (out != nullptr && cap > 0) copyOut(idd, out, cap);
    return idd.size();
}

extern "C" int hookline_phone_version(void) { return 4; }
