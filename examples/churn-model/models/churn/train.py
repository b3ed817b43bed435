"""Trains the churn classifier from the monthly customer snapshot."""
import json
import sys

import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score

FEATURES = ["tenure_months", "monthly_charges", "support_tickets_90d", "logins_30d"]


def main(train_path: str, holdout_path: str, model_path: str) -> None:
    train = pd.read_parquet(train_path)
    holdout = pd.read_parquet(holdout_path)
    model = GradientBoostingClassifier(n_estimators=200, max_depth=3, random_state=7)
    model.fit(train[FEATURES], train["churned"])
    auc = roc_auc_score(holdout["churned"], model.predict_proba(holdout[FEATURES])[:, 1])
    pd.to_pickle(model, model_path)
    json.dump({"auc": round(auc, 4)}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:4])
