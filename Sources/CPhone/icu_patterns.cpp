#include "icu_patterns.h"

namespace i18n {
namespace phonenumbers {
// libphonenumber's ICU regular expressions (regexp_adapter_icu.h, not installed; the library
// exports the class): its own engine and flags, so a pattern matches here as it does there.
class ICURegExpFactory : public AbstractRegExpFactory {
  public:
    ICURegExpFactory() {}
    ~ICURegExpFactory() override {}
    RegExpInput *CreateInput(const string &utf8_input) const override;
    RegExp *CreateRegExp(const string &utf8_regexp) const override;
};
} // namespace phonenumbers
} // namespace i18n

namespace hookline {

const i18n::phonenumbers::AbstractRegExpFactory &icuFactory() {
    static const i18n::phonenumbers::ICURegExpFactory f;
    return f;
}

// Sized as the library sizes its own cache.
i18n::phonenumbers::RegExpCache &icuPatterns() {
    static i18n::phonenumbers::RegExpCache cache(icuFactory(), 128);
    return cache;
}

} // namespace hookline
