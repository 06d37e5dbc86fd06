#include "hookline_phone.h"
#include <phonenumbers/phonenumberutil.h>
extern "C" int hookline_phone_version(void) { return 1; }
