// Covers offer/answer through the sessions (RFC 3264 with RFC 3261 §13-14, RFC 3311), with a
// recording media endpoint, on virtual time over the in-memory transport:
//  - outgoing: the INVITE offers the endpoint's port and codecs; the 2xx's answer reaches the
//    endpoint; a 183's answer does so first (early media), and a 2xx with the same answer
//    changes nothing while one with another does; a 2xx whose answer cannot be used is ACKed
//    and the call ended with BYE (Failed, 488); a 2xx without an answer leaves no media;
//  - the media ends once the call ends, once;
//  - hold: the re-INVITE's answer changes our direction; a refused one changes nothing;
//  - the peer's re-INVITE without a common codec gets 488 with Warning 305, one with SDP
//    that does not parse 400 and one with another body 415 with Accept, the call going on as it
//    was; an UPDATE offer while our re-INVITE's offer is unanswered gets 491 (RFC 3311 §5.2);
//  - incoming: an offer without a common codec gets 488 with Warning 305 before it rings, a
//    body that is not SDP 415 with Accept, SDP that does not parse 400; accept() answers in
//    the offer's numbering and starts the media; an offerless INVITE gets our offer in the
//    200 and the ACK's answer starts the media, or, when unusable, ends the call with BYE;
//  - DTMF goes to the endpoint while it takes digits, by INFO otherwise; digits the endpoint
//    hears join the call's received digits on the core's thread.
#include "support/callerrequest.h"
#include "support/connectedcall.h"
#include "support/recordingmediaendpoint.h"

#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/sdp/sessiondescription.h"
#include "sipcore/session/invitation.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Session::State;
using EndReason = Session::EndReason;

namespace {

std::string peerSdp(std::string_view stream, int version = 1)
{
    return "v=0\r\no=bob 7 " + std::to_string(version)
           + " IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n" + std::string(stream);
}

const std::string PcmaAnswer = peerSdp("m=audio 5000 RTP/AVP 8\r\n");

Response withSdp(Response response, const std::string &sdp)
{
    response.addHeader("Content-Type", "application/sdp");
    response.setBody(sdp);
    return response;
}

/// An outgoing call to bob with a recording endpoint, not yet answered; \a target a sips:
/// URI goes over TLS.
struct Caller
{
    explicit Caller(const std::string &target = "sip:bob@127.0.0.1:5080",
                    InviterOptions options = {})
    {
        f.addTls();
        inviter = std::make_shared<Inviter>(
                f.core, f.io.get_executor(), *Uri::parse(target),
                [this](const Inviter::Status &status) { history.push_back(status); },
                std::move(options));
        inviter->setMediaEndpoint(endpoint);
        inviter->invite();
        if (target.starts_with("sips:")) {
            f.poll();
            const auto sent = f.tls.takeSent();
            if (!sent)
                qFatal("no INVITE over TLS");
            invite = std::get<Request>(parseSent(sent->bytes));
        } else {
            invite = f.takeRequests("INVITE").at(0);
        }
    }
    ~Caller() { inviter->dispose(); }
    void answer(const std::string &sdp)
    {
        f.deliver(withSdp(CoreFixture::answer(invite, 200), sdp));
    }
    const Inviter::Status &last() const { return history.back(); }

    CoreFixture f;
    std::shared_ptr<RecordingMediaEndpoint> endpoint = std::make_shared<RecordingMediaEndpoint>();
    std::shared_ptr<Inviter> inviter;
    std::vector<Inviter::Status> history;
    Request invite;
};

/// What UserAgent does with each INVITE: an Invitation with a recording endpoint that takes
/// the offer and, when it was not refused, rings.
struct Callee final : UserAgentCoreDelegate
{
    /// \a reliable: the core supports 100rel (RFC 3262), as UserAgent's does.
    explicit Callee(bool reliable = false)
        : f(configuration(reliable))
    {
        f.core.setDelegate(this);
    }
    static UserAgentCoreConfiguration configuration(bool reliable)
    {
        UserAgentCoreConfiguration configuration = CoreFixture::makeConfiguration({});
        if (reliable)
            configuration.supported = {"100rel"};
        return configuration;
    }
    ~Callee() override
    {
        if (invitation)
            invitation->dispose();
    }
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override
    {
        invitation = std::make_shared<Invitation>(
                f.core, f.io.get_executor(), server, 60s,
                [this](const Invitation::Status &status) { history.push_back(status); });
        invitation->setMediaEndpoint(endpoint);
        if (invitationSrtp)
            invitation->setSrtpMode(invitationSrtp(*invitation));
        if (invitation->takeOffer())
            invitation->progress();
    }
    void send(const std::string &text) { f.transport.inject(text, Endpoint{"127.0.0.1", 40000}); }
    std::vector<Response> responses() { return f.takeResponses(); }

    CoreFixture f;
    std::shared_ptr<RecordingMediaEndpoint> endpoint = std::make_shared<RecordingMediaEndpoint>();
    std::shared_ptr<Invitation> invitation;
    std::vector<Invitation::Status> history;
    /// What UserAgent's incomingSrtp would say; Off when unset.
    std::function<sdp::SrtpMode(const Invitation &)> invitationSrtp;
};

sdp::SessionDescription parsed(std::string_view text)
{
    auto description = sdp::SessionDescription::parse(text);
    if (!description)
        qFatal("does not parse: %s", description.error().message().c_str());
    return *description;
}

} // namespace

class tst_SessionMedia : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outgoingOfferAndAnswer()
    {
        Caller c;
        const auto offer = parsed(c.invite.body());
        QCOMPARE(offer.media.front().port, 41000);
        QCOMPARE(offer.media.front().formats, (std::vector<std::string>{"0", "8", "101"}));
        QVERIFY(c.endpoint->applied.empty());
        c.answer(PcmaAnswer);
        QCOMPARE(c.last().state, State::Established);
        QCOMPARE(c.endpoint->applied.size(), 1u);
        const auto &audio = c.endpoint->applied.back();
        QVERIFY(audio);
        QCOMPARE(audio->sendCodec.encodingName, "PCMA");
        QCOMPARE(audio->remoteAddress, "127.0.0.2");
        QCOMPARE(audio->remoteRtpPort, 5000);
        QCOMPARE(c.inviter->negotiatedAudio()->remoteRtpPort, 5000);
    }

    void earlyMediaThenTheSameOrAnotherAnswer()
    {
        Caller c;
        c.f.deliver(CoreFixture::answer(c.invite, 180));
        QVERIFY(c.last().ringing);
        QVERIFY(!c.last().earlyMedia); // a 180 without an answer: the local ringback tone
        c.f.deliver(withSdp(CoreFixture::answer(c.invite, 183), PcmaAnswer));
        QCOMPARE(c.last().state, State::Establishing);
        QVERIFY(c.last().earlyMedia);
        QCOMPARE(c.endpoint->applied.size(), 1u);
        QCOMPARE(c.endpoint->applied.back()->remoteRtpPort, 5000);
        c.answer(PcmaAnswer);
        QCOMPARE(c.last().state, State::Established);
        QCOMPARE(c.endpoint->applied.size(), 1u); // the same answer: nothing changed

        Caller other;
        other.f.deliver(withSdp(CoreFixture::answer(other.invite, 183), PcmaAnswer));
        other.answer(peerSdp("m=audio 6000 RTP/AVP 0\r\n"));
        QCOMPARE(other.endpoint->applied.size(), 2u);
        QCOMPARE(other.endpoint->applied.back()->remoteRtpPort, 6000);
        QCOMPARE(other.endpoint->applied.back()->sendCodec.encodingName, "PCMU");
    }

    void unusableAnswerEndsTheCall_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<bool>("srtpRequired");
        QTest::addColumn<QString>("why"); ///< in the reason phrase
        QTest::newRow("no common codec")
                << QString::fromStdString(peerSdp("m=audio 5000 RTP/AVP 18\r\n")) << false
                << "no audio stream offers a codec";
        QTest::newRow("does not parse") << "v=0\r\nx" << false << "";
        QTest::newRow("plain answer to required SRTP")
                << QString::fromStdString(PcmaAnswer) << true << "encrypted audio (SRTP)";
    }
    void unusableAnswerEndsTheCall()
    {
        QFETCH(QString, answer);
        QFETCH(bool, srtpRequired);
        QFETCH(QString, why);
        InviterOptions options;
        options.srtp = srtpRequired ? sdp::SrtpMode::Required : sdp::SrtpMode::Off;
        Caller c("sip:bob@127.0.0.1:5080", options);
        c.answer(answer.toStdString());
        std::vector<Request> sent;
        for (auto &message : c.f.takeAll())
            sent.push_back(std::get<Request>(std::move(message)));
        QCOMPARE(sent.size(), 2u);
        QCOMPARE(sent[0].method, "ACK");
        QCOMPARE(sent[1].method, "BYE");
        c.f.respond(sent[1], 200);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Failed);
        QCOMPARE(c.last().statusCode, 488);
        QVERIFY2(c.last().reasonPhrase.find(why.toStdString()) != std::string::npos,
                 c.last().reasonPhrase.c_str());
        QVERIFY(c.endpoint->applied.empty());
        QCOMPARE(c.endpoint->closed, 1);
    }

    void srtpAsTheCallAsks_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("proto");
        QTest::addColumn<bool>("keys");
        QTest::newRow("sip:, off")
                << "sip:bob@127.0.0.1:5080" << int(sdp::SrtpMode::Off) << "RTP/AVP" << false;
        QTest::newRow("sip:, optional")
                << "sip:bob@127.0.0.1:5080" << int(sdp::SrtpMode::Optional) << "RTP/AVP" << true;
        QTest::newRow("sip:, required")
                << "sip:bob@127.0.0.1:5080" << int(sdp::SrtpMode::Required) << "RTP/SAVP" << true;
        QTest::newRow("sips: requires it whatever the options say")
                << "sips:bob@127.0.0.1:5081" << int(sdp::SrtpMode::Off) << "RTP/SAVP" << true;
    }
    void srtpAsTheCallAsks()
    {
        QFETCH(QString, target);
        QFETCH(int, mode);
        QFETCH(QString, proto);
        QFETCH(bool, keys);
        InviterOptions options;
        options.srtp = sdp::SrtpMode(mode);
        Caller c(target.toStdString(), options);
        const auto offer = parsed(c.invite.body());
        QCOMPARE(QString::fromStdString(offer.media.front().proto), proto);
        QCOMPARE(offer.media.front().hasAttribute("crypto"), keys);
        // An answer taking our key: the endpoint hears of the keys both ways.
        if (!keys)
            return;
        c.answer(peerSdp("m=audio 5000 " + proto.toStdString()
                         + " 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                           "inline:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\r\n"));
        QCOMPARE(c.last().state, State::Established);
        QCOMPARE(c.endpoint->applied.size(), 1u);
        const auto &srtp = c.endpoint->applied.back()->srtp;
        QVERIFY(srtp);
        QCOMPARE(srtp->localKey, std::string(30, 'k'));
        QCOMPARE(srtp->remoteKey, std::string("secretsecretsecretsecretsecret"));
    }

    void incomingSipsCallRequiresSrtp()
    {
        Callee c;
        std::string invite = callerRequest("INVITE", "z9hG4bKi1", 1, {}, {},
                                           peerSdp("m=audio 5000 RTP/AVP 0\r\n"));
        // The same plain offer, sent to a sips: address: refused 488 before it rings.
        invite.replace(invite.find("sip:ringback@127.0.0.1:5062"), 27,
                       "sips:ringback@127.0.0.1:5062");
        c.invitationSrtp = [](const Invitation &invitation) { // as UserAgent does
            return Session::srtpModeFor(invitation.requestUri(), sdp::SrtpMode::Off);
        };
        c.send(invite);
        const auto responses = c.responses();
        QCOMPARE(responses.size(), 1u);
        QCOMPARE(responses.front().statusCode, 488);
        QVERIFY(responses.front().reasonPhrase.find("SRTP") != std::string::npos);
    }

    void answerWithoutSdpLeavesNoMedia()
    {
        Caller c;
        c.f.respond(c.invite, 200);
        QCOMPARE(c.last().state, State::Established);
        QVERIFY(c.endpoint->applied.empty());
        QVERIFY(!c.inviter->negotiatedAudio());
    }

    void mediaEndsWithTheCall()
    {
        Caller c;
        c.answer(PcmaAnswer);
        c.f.takeAll();
        c.inviter->bye();
        const auto byes = c.f.takeRequests("BYE");
        QCOMPARE(byes.size(), 1u);
        QCOMPARE(c.endpoint->closed, 0); // not before the call has ended
        c.f.respond(byes.front(), 200);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.endpoint->closed, 1);
        c.inviter->dispose();
        QCOMPARE(c.endpoint->closed, 1);
        QCOMPARE(c.endpoint->applied.size(), 1u);
    }

    void dtmfGoesInTheStreamWhenItCan()
    {
        Caller c;
        c.answer(PcmaAnswer);
        c.f.takeAll();
        c.endpoint->carriesDtmf = true;
        c.inviter->sendDtmf("1x#");
        QCOMPARE(c.f.takeRequests("INFO").size(), 0u);
        QCOMPARE(c.endpoint->digitsSent, std::string("1#"));
        // A stream that cannot carry them (none, not sending, DTMF by INFO): SIP INFO.
        c.endpoint->carriesDtmf = false;
        c.inviter->sendDtmf("5");
        const auto infos = c.f.takeRequests("INFO");
        QCOMPARE(infos.size(), 1u);
        QCOMPARE(infos.front().body(), std::string_view("Signal=5\r\nDuration=160\r\n"));
        QCOMPARE(c.endpoint->digitsSent, std::string("1#"));
    }

    void digitsFromTheStream()
    {
        Caller c;
        c.answer(PcmaAnswer);
        c.f.takeAll();
        QVERIFY(c.endpoint->dtmfHandler);
        c.endpoint->dtmfHandler('7'); // on the media thread in Ringback: posted to the core's
        c.endpoint->dtmfHandler('*');
        QCOMPARE(c.last().receivedDigits, std::string());
        c.f.poll();
        QCOMPARE(c.last().receivedDigits, std::string("7*"));
    }

    void holdChangesOurDirection()
    {
        Caller c;
        c.answer(PcmaAnswer);
        c.f.takeAll();
        c.inviter->hold(true);
        auto reinvite = c.f.takeRequests("INVITE").at(0);
        const auto offer = parsed(reinvite.body());
        QVERIFY(offer.media.front().hasAttribute("sendonly"));
        c.f.deliver(withSdp(CoreFixture::answer(reinvite, 200),
                            peerSdp("m=audio 5000 RTP/AVP 8\r\na=recvonly\r\n", 2)));
        QVERIFY(c.last().held);
        QCOMPARE(c.endpoint->applied.size(), 2u);
        QCOMPARE(c.endpoint->applied.back()->direction, sdp::Direction::SendOnly);

        // Resume refused: the stream stays as it was, and the next offer still goes out.
        c.f.takeAll();
        c.inviter->hold(false);
        reinvite = c.f.takeRequests("INVITE").at(0);
        c.f.respond(reinvite, 488);
        QVERIFY(c.last().held);
        QCOMPARE(c.endpoint->applied.size(), 2u);
        c.f.takeAll();
        c.inviter->hold(false);
        reinvite = c.f.takeRequests("INVITE").at(0);
        QVERIFY(parsed(reinvite.body()).media.front().hasAttribute("sendrecv"));
        c.f.deliver(withSdp(CoreFixture::answer(reinvite, 200), PcmaAnswer));
        QVERIFY(!c.last().held);
        QCOMPARE(c.endpoint->applied.back()->direction, sdp::Direction::SendRecv);
    }

    void peerOfferWeCannotUse_data()
    {
        QTest::addColumn<QString>("offer");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("contentType");
        QTest::newRow("no common codec")
                << QString::fromStdString(peerSdp("m=audio 5000 RTP/AVP 18\r\n", 2)) << 488
                << "application/sdp";
        QTest::newRow("does not parse") << "v=0\r\no=bob\r\n" << 400 << "application/sdp";
        QTest::newRow("not SDP") << "hello" << 415 << "text/plain";
    }
    void peerOfferWeCannotUse()
    {
        QFETCH(QString, offer);
        QFETCH(int, code);
        QFETCH(QString, contentType);
        ConnectedCall c;
        c.peerRequest("INVITE", 2, {{"Contact", "<sip:bob@127.0.0.1:5080>"}},
                      contentType.toStdString(), offer.toStdString());
        const auto responses = c.f.takeResponses();
        QCOMPARE(responses.size(), 1u);
        QCOMPARE(responses.front().statusCode, code);
        if (code == 488)
            QCOMPARE(responses.front().header("Warning").value_or(""),
                     "305 - \"Incompatible media format\"");
        if (code == 400)
            QVERIFY(responses.front().reasonPhrase.starts_with("Bad Request: "));
        if (code == 415)
            QCOMPARE(responses.front().header("Accept").value_or(""), "application/sdp");
        QCOMPARE(c.last().state, State::Established);
        // The next offer is taken as usual.
        c.peerReinvite(3, "sendrecv");
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
    }

    void updateOfferWhileOursIsUnanswered()
    {
        ConnectedCall c;
        QCOMPARE(c.hold(true).size(), 1u);
        c.peerOffer("UPDATE", 2, "sendrecv");
        const auto responses = c.f.takeResponses();
        QCOMPARE(responses.size(), 1u);
        QCOMPARE(responses.front().statusCode, 491);
    }

    void incomingOfferRefused_data()
    {
        QTest::addColumn<QString>("invite");
        QTest::addColumn<int>("code");
        const std::string noCodec = callerRequest("INVITE", "z9hG4bKi1", 1, {}, {},
                                                  peerSdp("m=audio 5000 RTP/AVP 18\r\n"));
        QTest::newRow("no common codec") << QString::fromStdString(noCodec) << 488;
        std::string text = callerRequest("INVITE", "z9hG4bKi1", 1, {}, {}, "hello");
        text.replace(text.find("application/sdp"), 15, "text/plain");
        QTest::newRow("not SDP") << QString::fromStdString(text) << 415;
        QTest::newRow("bad SDP") << QString::fromStdString(
                callerRequest("INVITE", "z9hG4bKi1", 1, {}, {}, "v=0\r\no=x\r\n"))
                                 << 400;
    }
    void incomingOfferRefused()
    {
        QFETCH(QString, invite);
        QFETCH(int, code);
        Callee c;
        c.send(invite.toStdString());
        const auto responses = c.responses();
        QCOMPARE(responses.size(), 1u); // refused before it rings
        QCOMPARE(responses.front().statusCode, code);
        if (code == 415)
            QCOMPARE(responses.front().header("Accept").value_or(""), "application/sdp");
        if (code == 488)
            QVERIFY(responses.front().header("Warning"));
        QCOMPARE(c.history.back().state, State::Terminated);
        QCOMPARE(c.history.back().endReason, EndReason::Rejected);
        QCOMPARE(c.history.back().statusCode, code);
        QVERIFY(c.endpoint->applied.empty());
    }

    void incomingOfferAnswered()
    {
        Callee c;
        c.send(callerRequest("INVITE", "z9hG4bKi1", 1, {}, {},
                             peerSdp("m=audio 5000 RTP/AVP 18 8 0 100\r\n"
                                     "a=rtpmap:100 telephone-event/8000\r\n")));
        const std::string toTag = std::string(c.responses().at(0).to()->tag().value_or(""));
        QVERIFY(c.endpoint->applied.empty()); // not while it rings
        c.invitation->accept();
        const auto ok = c.responses().at(0);
        QCOMPARE(ok.statusCode, 200);
        const auto answer = parsed(ok.body());
        QCOMPARE(answer.media.front().formats, (std::vector<std::string>{"0", "8", "100"}));
        QCOMPARE(c.endpoint->applied.size(), 1u);
        QCOMPARE(c.endpoint->applied.back()->sendCodec.encodingName, "PCMU");
        QCOMPARE(c.endpoint->applied.back()->sendTelephoneEvent->payloadType, 100);
        c.send(callerRequest("ACK", "z9hG4bKa1", 1, toTag));
        QCOMPARE(c.history.back().state, State::Established);
        QCOMPARE(c.endpoint->applied.size(), 1u);
    }

    void offerlessInvite_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<bool>("usable");
        QTest::newRow("usable answer") << QString::fromStdString(PcmaAnswer) << true;
        QTest::newRow("unusable answer")
                << QString::fromStdString(peerSdp("m=audio 5000 RTP/AVP 18\r\n")) << false;
    }
    void offerlessInvite()
    {
        QFETCH(QString, answer);
        QFETCH(bool, usable);
        Callee c;
        c.send(callerRequest("INVITE", "z9hG4bKi1", 1));
        const std::string toTag = std::string(c.responses().at(0).to()->tag().value_or(""));
        c.invitation->accept();
        const auto ok = c.responses().at(0);
        const auto offer = parsed(ok.body());
        QCOMPARE(offer.media.front().port, 41000);
        QVERIFY(c.endpoint->applied.empty());
        c.send(callerRequest("ACK", "z9hG4bKa1", 1, toTag, {}, answer.toStdString()));
        if (usable) {
            QCOMPARE(c.history.back().state, State::Established);
            QCOMPARE(c.endpoint->applied.size(), 1u);
            QCOMPARE(c.endpoint->applied.back()->remoteRtpPort, 5000);
            return;
        }
        QCOMPARE(c.history.back().state, State::Terminating);
        QCOMPARE(c.history.back().statusCode, 488);
        QCOMPARE(c.f.takeRequests("BYE").size(), 1u);
        QVERIFY(c.endpoint->applied.empty());
    }

    void offerlessInviteGetsOurOfferInTheReliable180_data()
    {
        QTest::addColumn<QString>("header"); ///< how the caller asks for reliability
        QTest::addColumn<QString>("prackAnswer");
        QTest::addColumn<QString>("outcome"); ///< "early", "in 2xx" or "refused"
        const QString usable = QString::fromStdString(PcmaAnswer);
        QTest::newRow("Require, answered in the PRACK") << "Require: 100rel" << usable << "early";
        QTest::newRow("Supported, answered in the PRACK")
                << "Supported: 100rel" << usable << "early";
        QTest::newRow("PRACK without an answer") << "Require: 100rel"
                                                 << ""
                                                 << "in 2xx";
        QTest::newRow("unusable answer in the PRACK")
                << "Require: 100rel"
                << QString::fromStdString(peerSdp("m=audio 5000 RTP/AVP 18\r\n")) << "refused";
    }
    void offerlessInviteGetsOurOfferInTheReliable180()
    {
        QFETCH(QString, header);
        QFETCH(QString, prackAnswer);
        QFETCH(QString, outcome);
        Callee c(true);
        c.send(callerRequest("INVITE", "z9hG4bKi1", 1, {}, header.toStdString() + "\r\n"));
        const auto first = c.responses();
        QCOMPARE(first.size(), 1u);
        const Response ringing = first.front();
        QCOMPARE(ringing.statusCode, 180);
        QVERIFY(ringing.header("RSeq"));           // reliable (RFC 3262)
        const auto offer = parsed(ringing.body()); // §5: our offer in it
        QCOMPARE(offer.media.front().port, 41000);
        const std::string toTag = std::string(ringing.to()->tag().value_or(""));
        std::string prack
                = callerRequest("PRACK", "z9hG4bKp1", 2, toTag,
                                "RAck: " + std::string(*ringing.header("RSeq")) + " 1 INVITE\r\n",
                                prackAnswer.toStdString());
        c.send(prack);
        // The PRACK's 200, then, when its answer cannot be used, the INVITE's 488.
        const auto prackResponses = c.responses();
        const bool refused = outcome == QLatin1String("refused");
        QCOMPARE(prackResponses.size(), refused ? 2u : 1u);
        QCOMPARE(prackResponses.front().statusCode, 200);
        QCOMPARE(prackResponses.front().cseq()->method, "PRACK");
        if (refused) {
            QCOMPARE(prackResponses.back().statusCode, 488);
            QCOMPARE(c.history.back().state, State::Terminated);
            QVERIFY(c.endpoint->applied.empty());
            return;
        }
        if (outcome == QLatin1String("early"))
            QCOMPARE(c.endpoint->applied.size(), 1u); // agreed before the answer: early media
        else
            QVERIFY(c.endpoint->applied.empty());
        c.invitation->accept();
        const auto accepted = c.responses();
        QCOMPARE(accepted.size(), 1u);
        const Response ok = accepted.front();
        QCOMPARE(ok.statusCode, 200);
        // Offer/answer is done (or, without an answer in the PRACK, the 2xx offers again).
        QCOMPARE(ok.body().empty(), outcome == QLatin1String("early"));
        c.send(callerRequest("ACK", "z9hG4bKa1", 1, toTag, {},
                             outcome == QLatin1String("early") ? std::string() : PcmaAnswer));
        QCOMPARE(c.history.back().state, State::Established);
        QCOMPARE(c.endpoint->applied.size(), 1u);
        QCOMPARE(c.endpoint->applied.back()->remoteRtpPort, 5000);
        QCOMPARE(c.endpoint->applied.back()->sendCodec.encodingName, "PCMA");
    }
};

QTEST_APPLESS_MAIN(tst_SessionMedia)
#include "tst_sessionmedia.moc"
