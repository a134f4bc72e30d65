#include "answerer.h"

#include "sipcore/core/inviteuseragentserver.h"

Answerer::Answerer(const std::string &address)
    : m_sdp("v=0\r\no=ringback 1 1 IN IP4 " + address + "\r\ns=-\r\nc=IN IP4 " + address
            + "\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
{}

void Answerer::onInvite(const std::shared_ptr<sipcore::InviteUserAgentServer> &server)
{
    server->reply(180);
    auto dialog = server->accept(sipcore::ResponseOptions{.reasonPhrase = {},
                                                          .extraHeaders = {},
                                                          .body = m_sdp,
                                                          .contentType = "application/sdp"});
    if (!dialog.ok())
        return;
    (*dialog)->setDelegate(this);
    ++m_counts.invites;
}
