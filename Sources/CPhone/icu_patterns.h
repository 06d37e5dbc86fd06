#ifndef HOOKLINE_ICU_PATTERNS_H
#define HOOKLINE_ICU_PATTERNS_H
#include <phonenumbers/regexp_adapter.h>
#include <phonenumbers/regexp_cache.h>
#include <atomic>
#include <memory>
#include <string>

namespace hookline {

/* libphonenumber's ICU regular expression engine, with its flags, so a metadata pattern
 * matches here as it does inside the library (icu_patterns.cpp). */
const i18n::phonenumbers::AbstractRegExpFactory &icuFactory();

/* The shim's patterns, compiled once for the life of the process and shared by the region walk
 * (number_type.cpp) and the digit parse (digit_parse.cpp), so a pattern both read is compiled
 * once. Thread-safe (the cache locks). */
i18n::phonenumbers::RegExpCache &icuPatterns();

/* `text` compiled in icuPatterns, held in `*held` after the first call so later calls skip the
 * cache's look-up (a lock and a hash of the pattern's text). Racing threads store the same
 * object: the cache keeps one a pattern for the life of the process. */
inline const i18n::phonenumbers::RegExp &compiledOnce(std::atomic<const i18n::phonenumbers::RegExp *> *held,
                                                      const std::string &text) {
    const i18n::phonenumbers::RegExp *regExp = held->load(std::memory_order_acquire);
    if (regExp == nullptr) {
        regExp = &icuPatterns().GetRegExp(text);
        held->store(regExp, std::memory_order_release);
    }
    return *regExp;
}

/* An input the factory made, freed at the end of its scope. */
using RegExpInputPtr = std::unique_ptr<i18n::phonenumbers::RegExpInput>;

} // namespace hookline
#endif
