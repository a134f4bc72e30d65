#include "sipcore/transaction/outgoingresponse.h"

namespace sipcore {

Response makeResponse(const Request &request,
                      int statusCode,
                      std::string_view toTag,
                      std::string_view reasonPhrase)
{
    Response response;
    response.statusCode = statusCode;
    response.reasonPhrase
            = std::string(reasonPhrase.empty() ? defaultReasonPhrase(statusCode) : reasonPhrase);
    for (const HeaderField &field : request.headerFields()) {
        if (headerNameEquals(field.name, "Via") || headerNameEquals(field.name, "From")
            || headerNameEquals(field.name, "Call-ID") || headerNameEquals(field.name, "CSeq"))
            response.addHeader(field.name, field.value);
        else if (headerNameEquals(field.name, "To"))
            response.addHeader("To", field.value);
        else if (statusCode == 100 && headerNameEquals(field.name, "Timestamp"))
            response.addHeader(field.name, field.value); // §8.2.6.1
    }
    if (!toTag.empty()) {
        auto to = request.to();
        if (to.ok() && !to->tag()) {
            to->parameters.set("tag", toTag);
            response.setHeader("To", to->toString());
        }
    }
    return response;
}

} // namespace sipcore
