#ifndef HOOKLINE_ICU_PATTERNS_H
#define HOOKLINE_ICU_PATTERNS_H
#include <phonenumbers/regexp_adapter.h>
#include <phonenumbers/regexp_cache.h>
#include <memory>

namespace hookline {

/* libphonenumber's ICU regular expression engine, with its flags, so a metadata pattern
 * matches here as it does inside the library (icu_patterns.cpp). */
const i18n::phonenumbers::AbstractRegExpFactory &icuFactory();

/* The shim's patterns, compiled once for the life of the process and shared by the region walk
 * (number_type.cpp) and the digit parse (digit_parse.cpp), so a pattern both read is compiled
 * once. Thread-safe (the cache locks). */
i18n::phonenumbers::RegExpCache &icuPatterns();

/* An input the factory made, freed at the end of its scope. */
using RegExpInputPtr = std::unique_ptr<i18n::phonenumbers::RegExpInput>;

} // namespace hookline
#endif
