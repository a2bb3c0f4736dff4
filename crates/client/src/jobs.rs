//! Typed calls of our job endpoints: the CSV import (dry run, apply), bulk actions on every
//! user matching a search, and a job's progress.

use crate::{ApiError, Client, Method, Scope, answer, encode_query_value};
use tenantkit_wire::jobs::{
    BulkPreviewRequest, BulkPreviewResponse, BulkRequest, ImportPlanResponse, ImportRequest,
    JobResponse,
};

impl<S: Scope> Client<S> {
    /// `POST /tk/v1/mgmt/user/import/dryrun`: what each row would do; nothing is written.
    pub async fn import_dry_run(
        &self,
        request: &ImportRequest,
    ) -> Result<ImportPlanResponse, ApiError> {
        self.call(
            Method::Post,
            "/tk/v1/mgmt/user/import/dryrun",
            Some(request),
        )
        .await
    }

    /// `POST /tk/v1/mgmt/user/import`: starts the import as a job.
    pub async fn import_users(&self, request: &ImportRequest) -> Result<JobResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/mgmt/user/import", Some(request))
            .await
    }

    /// `POST /tk/v1/mgmt/user/bulk`: starts a bulk action on every matching user as a job.
    pub async fn bulk_users(&self, request: &BulkRequest) -> Result<JobResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/mgmt/user/bulk", Some(request))
            .await
    }

    /// `POST /tk/v1/mgmt/user/bulk/preview`: what a bulk action on every matching user would
    /// do (the count, who gains or loses each role); nothing is written.
    pub async fn bulk_preview(
        &self,
        request: &BulkPreviewRequest,
    ) -> Result<BulkPreviewResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/mgmt/user/bulk/preview", Some(request))
            .await
    }

    /// `GET /tk/v1/mgmt/job?id=`: a job's progress.
    pub async fn job(&self, id: &str) -> Result<JobResponse, ApiError> {
        let path = format!("/tk/v1/mgmt/job?id={}", encode_query_value(id));
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /tk/v1/mgmt/job/result?id=`: the result file's text (`text/csv`).
    pub async fn job_result(&self, id: &str) -> Result<String, ApiError> {
        let path = format!("/tk/v1/mgmt/job/result?id={}", encode_query_value(id));
        let response = self
            .exchange(Method::Get, self.url(&path, self.scope.tenant()), None)
            .await?;
        if (200..300).contains(&response.status) {
            Ok(response.body)
        } else {
            answer::<serde_json::Value>(response).map(|_| String::new())
        }
    }
}
