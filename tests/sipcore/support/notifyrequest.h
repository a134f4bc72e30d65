#pragma once

// Test support: the NOTIFYs a notifier sends for a SUBSCRIBE of ours. Header-only.

#include "sipcore/syntax/sipmessage.h"

#include <string>
#include <string_view>

namespace sipcore::test {

/// The NOTIFY a notifier at 127.0.0.1:5080 with tag \a tag sends for \a subscribe.
inline Request notifyFor(const Request &subscribe,
                         std::string_view tag,
                         std::uint32_t cseq,
                         std::string_view state,
                         std::string_view event = "presence",
                         std::string_view recordRoute = {})
{
    Request notify;
    notify.method = "NOTIFY";
    notify.setRequestUri(subscribe.contacts()->front().uri);
    notify.addHeader("Via", "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-notify-" + std::string(tag)
                                    + std::to_string(cseq));
    notify.addHeader("Max-Forwards", "70");
    NameAddr from = *subscribe.to();
    from.parameters.set("tag", tag);
    notify.addHeader("From", from.toString());
    notify.addHeader("To", std::string(*subscribe.header("From")));
    notify.addHeader("Call-ID", *subscribe.callId());
    notify.addHeader("CSeq", std::to_string(cseq) + " NOTIFY");
    notify.addHeader("Contact", "<sip:bob@127.0.0.1:5080;notifier=" + std::string(tag) + ">");
    if (!recordRoute.empty())
        notify.addHeader("Record-Route", std::string(recordRoute));
    notify.addHeader("Event", std::string(event));
    if (!state.empty())
        notify.addHeader("Subscription-State", std::string(state));
    return notify;
}

} // namespace sipcore::test
