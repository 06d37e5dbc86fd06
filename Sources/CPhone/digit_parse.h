#ifndef HOOKLINE_DIGIT_PARSE_H
#define HOOKLINE_DIGIT_PARSE_H
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <cstddef>
#include <string>

namespace hookline {

/* Parse's answer for ASCII digits, optionally after one "+", read with a default region
 * libphonenumber knows: its ErrorType, and on NO_PARSING_ERROR `number` set as Parse sets it;
 * -1 for any other text or region (then ask Parse). See digit_parse.cpp. */
int parseDigits(const i18n::phonenumbers::PhoneNumberUtil *util, const char *text, size_t len, const std::string &region,
                i18n::phonenumbers::PhoneNumber *number);

} // namespace hookline
#endif
