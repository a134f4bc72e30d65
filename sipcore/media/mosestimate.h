#pragma once

namespace sipcore::media {

/// A conversational quality estimate, MOS on 1–4.5, from ITU-T G.107's E-model with the
/// defaults for everything but delay and loss: R = 93.2 − Id − Ie,eff, with the delay
/// impairment Id in Cole and Rosenbluth's fit (0.024 d + 0.11 (d − 177.3) for d > 177.3 ms)
/// and Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl + Bpl), and MOS from R as G.107 Annex B gives.
///
/// Every codec is rated as G.711 with packet-loss concealment (G.113 Appendix I: Ie 0,
/// Bpl 25.1): the narrowband model has no figures for G.722 or Opus, so for them the estimate
/// errs low. \a oneWayDelayMs is mouth to ear; \a lossPercent is of packets, 0–100.
double estimateMos(double oneWayDelayMs, double lossPercent);

} // namespace sipcore::media
