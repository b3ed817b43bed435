"""HTTP endpoint returning a churn probability, with a safe default for bad input."""
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI()
model = pd.read_pickle("models/churn/model.pkl")


class Customer(BaseModel):
    tenure_months: int = Field(ge=0)
    monthly_charges: float = Field(ge=0)
    support_tickets_90d: int = Field(ge=0)
    logins_30d: int = Field(ge=0)


@app.post("/predict")
def predict(customer: Customer) -> dict:
    row = pd.DataFrame([customer.model_dump()])
    return {"churn_probability": float(model.predict_proba(row)[0, 1])}
