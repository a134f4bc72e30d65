#pragma once

// Test support: an outgoing call from the fixture's core to bob, answered, with helpers for
// the requests bob sends within its dialog. Header-only; used by the session tests.

#include "support/sipfixture.h"

#include "sipcore/session/inviter.h"

namespace sipcore::test {

/// Delivers \a method from the peer that answered \a invite (sent by \a f's core) with To tag
/// \a peerTag, within that dialog: CSeq \a cseq, \a headers and a \a body of \a contentType.
/// Returns it.
inline Request deliverPeerRequest(CoreFixture &f,
                                  const Request &invite,
                                  std::string_view peerTag,
                                  std::string_view method,
                                  int cseq,
                                  std::vector<HeaderLine> headers = {},
                                  std::string_view contentType = {},
                                  std::string body = {})
{
    Request request;
    request.method = std::string(method);
    request.setRequestUri(*Uri::parse("sip:ringback@127.0.0.1:5062"));
    request.addHeader("Via", "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK" + std::string(peerTag)
                                     + std::string(method) + std::to_string(cseq));
    request.addHeader("From", std::string(*invite.header("To")) + ";tag=" + std::string(peerTag));
    request.addHeader("To", *invite.header("From"));
    request.addHeader("Call-ID", *invite.header("Call-ID"));
    request.addHeader("CSeq", std::to_string(cseq) + " " + std::string(method));
    for (const HeaderLine &field : headers)
        request.addHeader(field.name, field.value);
    if (!body.empty()) {
        request.addHeader("Content-Type", std::string(contentType));
        request.setBody(std::move(body));
    }
    f.deliver(request);
    return request;
}

/// An answered call from us to bob; bob's 200 carries \a answerHeaders besides its Contact.
struct ConnectedCall
{
    explicit ConnectedCall(const std::vector<HeaderLine> &answerHeaders = {})
    {
        inviter = std::make_shared<Inviter>(
                f.core, f.io.get_executor(), *Uri::parse("sip:bob@127.0.0.1:5080"),
                [this](const Inviter::Status &status) { history.push_back(status); });
        inviter->invite();
        invite = f.takeRequests("INVITE").at(0);
        Response ok = f.answer(invite, 200);
        for (const HeaderLine &field : answerHeaders)
            ok.addHeader(field.name, field.value);
        f.deliver(ok);
        f.takeAll();
        if (last().state != Inviter::State::Established)
            qFatal("the call did not connect");
    }
    ~ConnectedCall() { inviter->dispose(); }
    const Inviter::Status &last() const { return history.back(); }

    /// Asks for hold (or resume) and returns the re-INVITE that went out, if one did.
    std::vector<Request> hold(bool on)
    {
        inviter->hold(on);
        return f.takeRequests("INVITE");
    }

    /// Delivers \a method from bob within the call's dialog, with CSeq \a cseq, \a headers
    /// and a \a body of \a contentType; returns it.
    Request peerRequest(std::string_view method,
                        int cseq,
                        std::vector<HeaderLine> headers = {},
                        std::string_view contentType = {},
                        std::string body = {})
    {
        return deliverPeerRequest(f, invite, "peer-tag", method, cseq, std::move(headers),
                                  contentType, std::move(body));
    }

    /// A \a method (INVITE or UPDATE) from bob offering the audio stream with \a direction.
    void peerOffer(std::string_view method, int cseq, std::string_view direction)
    {
        peerRequest(method, cseq, {{"Contact", "<sip:bob@127.0.0.1:5080>"}}, "application/sdp",
                    "v=0\r\no=bob 7 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                    "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\na="
                            + std::string(direction) + "\r\n");
    }
    /// A re-INVITE from bob offering the audio stream with \a direction.
    void peerReinvite(int cseq, std::string_view direction)
    {
        peerOffer("INVITE", cseq, direction);
    }
    /// The ACK of our 2xx to bob's re-INVITE with CSeq \a cseq.
    void peerAck(int cseq) { peerRequest("ACK", cseq); }

    CoreFixture f;
    std::shared_ptr<Inviter> inviter;
    std::vector<Inviter::Status> history;
    Request invite;
};

} // namespace sipcore::test
