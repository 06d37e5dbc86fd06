#ifndef HOOKLINE_NUMBER_TYPE_H
#define HOOKLINE_NUMBER_TYPE_H
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <string>

namespace hookline {

/* The region GetRegionCodeForNumber names for `number` and the type GetNumberType gives it,
 * from one walk over the calling code's regions (number_type.cpp). False when the metadata
 * could not be read: then ask libphonenumber. */
bool regionAndType(const i18n::phonenumbers::PhoneNumberUtil *util, const i18n::phonenumbers::PhoneNumber &number,
                   std::string *region, i18n::phonenumbers::PhoneNumberUtil::PhoneNumberType *type);

} // namespace hookline
#endif
